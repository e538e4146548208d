// The start page after sign-in. (Visitors' home page is the documents portal: portal.jsx.)

import { Link } from '../lib/router.js';
import { useSession } from '../lib/api.js';
import { Page, roleLabel, JurisdictionName } from '../lib/ui.jsx';
import { MODULES, ADMIN_PAGES, mayOpen } from '../modules.js';

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
        {MODULES.filter((m) => mayOpen(m, u.role)).map((m) => (
          <li class="card" key={m.path}>
            <h3><Link href={m.path}>{m.label}</Link></h3>
            <p>{m.about}</p>
            {!m.ready && <p class="tag">Coming soon</p>}
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
