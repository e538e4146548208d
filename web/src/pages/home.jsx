// The home screens: a public landing page for visitors, and the start page after sign-in.

import { Link } from '../lib/router.js';
import { useSession } from '../lib/api.js';
import { Page, roleLabel, JurisdictionName } from '../lib/ui.jsx';
import { MODULES, ADMIN_PAGES, mayOpen } from '../modules.js';

export function PublicHome() {
  return (
    <Page title="" heading="Anti Human Trafficking Cell">
      <p class="lead">AHT Cell is the information system of India's national Anti Human
        Trafficking Cell, which coordinates the work of the States and Union Territories
        against trafficking in persons.</p>
      <div class="cards">
        <section class="card">
          <h2>For the public</h2>
          <p>Published documents, the directory of State/UT nodal officers and Anti Human
            Trafficking Units, and statistics will be made available here. The public portal
            is being prepared.</p>
          <p><Link href="/about">About AHT Cell, its data and sources</Link></p>
        </section>
        <section class="card">
          <h2>For officers</h2>
          <p>Officers of the Cell and of the States/UTs sign in to work with documents,
            meetings, returns, cases and analysis.</p>
          <p><Link href="/sign-in" class="btn btn-primary">Sign in</Link></p>
        </section>
        <section class="card card-help">
          <h2>If someone is in danger now</h2>
          <p>Call <strong>112</strong>, the national emergency number. For a child who needs
            care and protection, call <strong>1098</strong>.</p>
        </section>
      </div>
    </Page>
  );
}

export function Home() {
  const s = useSession();
  const u = s.user;
  const admin = ADMIN_PAGES.filter((p) => mayOpen(p, u.role));
  return (
    <Page title="Home" heading={`Welcome, ${u.name || u.login}`}>
      <p class="lead">
        You are signed in as <strong>{u.login}</strong>, {roleLabel(u.role)},{' '}
        <JurisdictionName jurisdiction={u.jurisdiction} stateLgd={u.state_lgd} />.
      </p>
      <h2>Modules</h2>
      <ul class="cards module-cards">
        {MODULES.map((m) => (
          <li class="card" key={m.path}>
            <h3><Link href={m.path}>{m.label}</Link></h3>
            <p>{m.about}</p>
            <p class="tag">Coming soon</p>
          </li>
        ))}
      </ul>
      <h2>Administration and account</h2>
      <ul class="link-list">
        {admin.map((p) => <li key={p.path}><Link href={p.path}>{p.label}</Link></li>)}
        <li><Link href="/sessions">My sessions</Link></li>
        <li><Link href="/account/password">Change password</Link></li>
        <li><Link href="/about">About</Link></li>
      </ul>
    </Page>
  );
}
