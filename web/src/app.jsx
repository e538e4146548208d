// The application: session guard, shell (header, navigation, main) and the route table.

import { useEffect, useRef, useState } from 'preact/hooks';
import { api, clearSession, flash, loadSession, useSession, useFlash } from './lib/api.js';
import { Link, navigate, useLocation } from './lib/router.js';
import { ErrorBox, Loading, Notice, roleLabel, JurisdictionName } from './lib/ui.jsx';
import { MODULES, ADMIN_PAGES, mayOpen } from './modules.js';
import { Home } from './pages/home.jsx';
import { SignIn } from './pages/sign-in.jsx';
import { ChangePassword } from './pages/password.jsx';
import { Sessions } from './pages/sessions.jsx';
import { UsersList } from './pages/users-list.jsx';
import { UserCreate } from './pages/user-create.jsx';
import { UserPage } from './pages/user-page.jsx';
import { Audit } from './pages/audit.jsx';
import { About } from './pages/about.jsx';
import { ModulePlaceholder, NotFound, Forbidden } from './pages/misc.jsx';
import { Portal } from './pages/portal.jsx';
import { DocumentPage } from './pages/document.jsx';
import { DocumentUpload, DocumentEdit } from './pages/document-form.jsx';
import { Library } from './pages/library.jsx';
import { Directory } from './pages/directory.jsx';
import { RegisterIndex, RegisterList } from './pages/register-list.jsx';
import { RegisterRecord } from './pages/register-record.jsx';
import { RegisterNew, RegisterEdit } from './pages/register-form.jsx';
import { validRegisterName } from './lib/registers.jsx';
import { MeetingsList } from './pages/meetings-list.jsx';
import { MeetingPage } from './pages/meeting.jsx';
import { MeetingNew, MeetingEdit } from './pages/meeting-form.jsx';
import { ActionPointPage } from './pages/action-point.jsx';
import { FollowUp } from './pages/follow-up.jsx';
import { Digest } from './pages/digest.jsx';
import { ComplianceMatrix } from './pages/compliance.jsx';
import { ComplianceAdvisory } from './pages/compliance-advisory.jsx';
import { ComplianceState } from './pages/compliance-state.jsx';
import { PublicPractices, PublicPractice, PublicAwards } from './pages/public-practices.jsx';
import { ReturnsHome, ReturnRoute } from './pages/returns.jsx';
import { ReturnsTransfer } from './pages/returns-transfer.jsx';
import { ReturnsAnalysis } from './pages/returns-analysis.jsx';
import { DatasetsList, DatasetEdit } from './pages/returns-datasets.jsx';
import { Completeness } from './pages/completeness.jsx';
import { CasesList, CasePage, CasesImport } from './pages/cases.jsx';
import { CaseForm } from './pages/case-form.jsx';
import { Analysis } from './pages/analysis.jsx';
import { Statistics } from './pages/statistics.jsx';
import { Monitoring, Funds, Training, CourseForm, CoursePage, Schemes } from './pages/monitoring.jsx';

const PUBLIC_PATHS = new Set(['/', '/about', '/sign-in', '/documents', '/directory', '/practices', '/awards', '/statistics']);

/* Pages a visitor may open without signing in: the portal, a document's page, the directory,
   the published best practices and the awardees. */
function isPublic(path) {
  return PUBLIC_PATHS.has(path) || /^\/(documents|practices)\/[^/]+$/.test(path);
}

/* Which screen a path shows. Returns a vnode. */
function route(path, query, s) {
  if (path === '/') return s.status === 'signed-in' ? <Home /> : <Portal base="/" query={query} />;
  if (path === '/about') return <About />;
  if (path === '/sign-in') return <SignIn next={query.get('next')} />;
  if (path === '/account/password') return <ChangePassword next={query.get('next')} />;
  if (path === '/sessions') return <Sessions />;

  const role = s.user && s.user.role;
  if (path === '/documents') return <Portal base="/documents" query={query} />;
  const doc = /^\/documents\/([^/]+)(\/edit)?$/.exec(path);
  if (doc && !doc[2]) return <DocumentPage id={doc[1]} />;
  const library = MODULES.find((m) => m.path === '/library');
  if (doc || path === '/library' || path.startsWith('/library/')) {
    if (!mayOpen(library, role)) return <Forbidden />;
    if (doc) return <DocumentEdit id={doc[1]} />;
    if (path === '/library') return <Library query={query} />;
    if (path === '/library/upload') return <DocumentUpload query={query} />;
    return <NotFound />;
  }
  if (path === '/directory') return <Directory query={query} />;
  if (path === '/practices') return <PublicPractices query={query} />;
  const bp = /^\/practices\/([^/]+)$/.exec(path);
  if (bp) return <PublicPractice id={bp[1]} />;
  if (path === '/awards') return <PublicAwards />;
  // The registers: /registers, /registers/NAME, /registers/NAME/new, /registers/NAME/ID[/edit].
  if (path === '/registers') return <RegisterIndex />;
  const reg = /^\/registers\/([^/]+)(?:\/([^/]+)(\/edit)?)?$/.exec(path);
  if (reg) {
    const [, name, id, edit] = reg;
    if (!validRegisterName(name)) return <NotFound />;
    if (!id) return <RegisterList name={name} query={query} />;
    if (id === 'new' && !edit) return <RegisterNew name={name} query={query} />;
    if (edit) return <RegisterEdit name={name} id={id} />;
    return <RegisterRecord name={name} id={id} />;
  }
  // Meetings and the follow-up of their action points.
  if (path === '/meetings') return <MeetingsList query={query} />;
  if (path === '/meetings/new') return <MeetingNew />;
  const mtg = /^\/meetings\/([^/]+)(\/edit)?$/.exec(path);
  if (mtg) return mtg[2] ? <MeetingEdit id={mtg[1]} /> : <MeetingPage id={mtg[1]} />;
  const ap = /^\/action-points\/([^/]+)$/.exec(path);
  if (ap) return <ActionPointPage id={ap[1]} />;
  if (path === '/follow-up') return <FollowUp query={query} />;
  if (path === '/digest') return <Digest query={query} />;
  // Periodic returns: /returns, /returns/import, /returns/analysis, /returns/DATASET/PERIOD/DISTRICT,
  // /completeness.
  if (path === '/returns') return <ReturnsHome query={query} />;
  if (path === '/returns/import') return <ReturnsTransfer query={query} />;
  if (path === '/returns/analysis') return <ReturnsAnalysis query={query} />;
  if (path === '/returns/datasets') return <DatasetsList />;
  const dsm = /^\/returns\/datasets\/([a-z0-9_]{1,40})$/.exec(path);
  if (dsm) return <DatasetEdit code={dsm[1]} />;
  const rt = /^\/returns\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(path);
  if (rt) return <ReturnRoute dataset={decodeURIComponent(rt[1])} period={decodeURIComponent(rt[2])} district={rt[3]} />;
  if (path === '/completeness') return <Completeness query={query} />;
  // Case records and their analysis; the public's statistics.
  if (path === '/statistics') return <Statistics query={query} />;
  if (path === '/cases' || path.startsWith('/cases/') || path === '/analysis') {
    const mayCases = ['cell', 'state', 'district'].includes(role);
    if (path === '/analysis') return ['cell', 'state', 'district', 'viewer'].includes(role) ? <Analysis query={query} /> : <Forbidden />;
    if (!mayCases) return <Forbidden />;
    if (path === '/cases') return <CasesList query={query} />;
    if (path === '/cases/new') return <CaseForm />;
    if (path === '/cases/import') return <CasesImport />;
    const cm = /^\/cases\/(\d+)(\/edit)?$/.exec(path);
    if (cm) return cm[2] ? <CaseForm id={cm[1]} /> : <CasePage id={cm[1]} />;
    return <NotFound />;
  }
  // Monitoring: the dashboard, the funds, the training.
  if (path === '/monitoring' || path.startsWith('/monitoring/')) {
    if (!['cell', 'state', 'district', 'viewer'].includes(role)) return <Forbidden />;
    if (path === '/monitoring') return <Monitoring query={query} />;
    if (path === '/monitoring/funds') return <Funds query={query} />;
    if (path === '/monitoring/training') return <Training query={query} />;
    if (path === '/monitoring/schemes') return <Schemes />;
    if (path === '/monitoring/training/new') return ['cell', 'state'].includes(role) ? <CourseForm /> : <Forbidden />;
    const cm = /^\/monitoring\/training\/(\d+)$/.exec(path);
    if (cm) return <CoursePage id={cm[1]} />;
    return <NotFound />;
  }
  // Compliance with the advisories: the matrix, an advisory, a State's record.
  if (path === '/compliance') return <ComplianceMatrix />;
  const cpa = /^\/compliance\/advisories\/([^/]+)$/.exec(path);
  if (cpa) return <ComplianceAdvisory id={cpa[1]} query={query} />;
  const cps = /^\/compliance\/states\/([^/]+)$/.exec(path);
  if (cps) return <ComplianceState lgd={cps[1]} />;
  const mod = MODULES.find((m) => m.path === path);
  if (mod) return <ModulePlaceholder module={mod} />;

  const users = ADMIN_PAGES.find((p) => p.path === '/users');
  const audit = ADMIN_PAGES.find((p) => p.path === '/audit');
  if (path === '/users' || path.startsWith('/users/')) {
    if (!mayOpen(users, role)) return <Forbidden />;
    if (path === '/users') return <UsersList query={query} />;
    if (path === '/users/new') return <UserCreate />;
    const m = /^\/users\/([^/]+)$/.exec(path);
    if (m) return <UserPage id={m[1]} />;
  }
  if (path === '/audit') return mayOpen(audit, role) ? <Audit query={query} /> : <Forbidden />;
  return <NotFound />;
}

function Redirect({ to }) {
  useEffect(() => { navigate(to, { replace: true }); }, [to]);
  return null;
}

export function App() {
  const s = useSession();
  const loc = useLocation();
  const first = useRef(true);

  useEffect(() => { loadSession(); }, []);

  // After each navigation: back to the top, and focus on the new screen's heading so
  // that a screen reader announces it.
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    window.scrollTo(0, 0);
    const h = document.getElementById('page-heading');
    if (h) h.focus({ preventScroll: true });
  }, [loc.path, loc.search]);

  if (s.status === 'loading') {
    return <Shell path={loc.path}><div class="page"><Loading /></div></Shell>;
  }
  if (s.status === 'signed-out' && !isPublic(loc.path)) {
    const here = loc.path + loc.search;
    return <Redirect to={'/sign-in?next=' + encodeURIComponent(here)} />;
  }
  if (s.status === 'signed-in') {
    if (s.mustChange && loc.path !== '/account/password') {
      return <Redirect to="/account/password" />;
    }
    if (loc.path === '/sign-in') return <Redirect to="/" />;
  }
  return <Shell path={loc.path}>{route(loc.path, loc.query, s)}</Shell>;
}

/* Header, navigation, main landmark and footer around every screen. */
function Shell({ path, children }) {
  const s = useSession();
  const fl = useFlash();
  const [menuOpen, setMenuOpen] = useState(false);
  const [error, setError] = useState(null);
  const signedIn = s.status === 'signed-in';
  const fullNav = signedIn && !s.mustChange;

  useEffect(() => { setMenuOpen(false); setError(null); }, [path]);

  async function signOut() {
    setError(null);
    try {
      await api('DELETE', '/session');
    } catch (e) {
      if (e.status !== 401) { setError(e); return; }
    }
    clearSession();
    flash('You have signed out.');
    navigate('/sign-in');
  }

  const under = (p) => path === p || path.startsWith(p + '/');
  const here = (p) => (under(p) ? 'page' : undefined);
  const hereModule = (m) => (under(m.path) || (m.also || []).some(under) ? 'page' : undefined);

  return (
    <div class="app">
      <a class="skip-link" href="#main">Skip to main content</a>
      <div class="flag-strip" aria-hidden="true"><span /><span /><span /></div>
      <header class="site-header">
        <div class="header-inner">
          <Link href="/" class="brand">
            <span class="brand-mark" aria-hidden="true">AHT</span>
            <span class="brand-text">
              <span class="brand-name">AHT Cell</span>
              <span class="brand-sub">Anti Human Trafficking Cell · India</span>
            </span>
          </Link>
          {signedIn && (
            <div class={fullNav ? 'user-box' : 'user-box user-box-keep'}>
              <p class="user-id">
                <span class="user-login">{s.user.login}</span>
                <span class="user-meta">
                  <span class="user-role">{roleLabel(s.user.role)}</span>
                  {' · '}
                  <span class="user-jur"><JurisdictionName jurisdiction={s.user.jurisdiction} stateLgd={s.user.state_lgd} /></span>
                </span>
              </p>
              <button type="button" class="btn btn-header" onClick={signOut}>Sign out</button>
            </div>
          )}
          {!signedIn && s.status !== 'loading' && (
            <nav class="public-nav" aria-label="Site">
              <Link href="/" aria-current={path === '/' ? 'page' : undefined}>Documents</Link>
              <Link href="/directory" aria-current={here('/directory')}>Directory</Link>
              <Link href="/practices" aria-current={here('/practices')}>Best practices</Link>
              <Link href="/awards" aria-current={here('/awards')}>Awards</Link>
              <Link href="/statistics" aria-current={here('/statistics')}>Statistics</Link>
              <Link href="/about" aria-current={here('/about')}>About</Link>
              {path !== '/sign-in' && <Link href="/sign-in" class="btn btn-header">Sign in</Link>}
            </nav>
          )}
          {fullNav && (
            <button type="button" class="menu-button" aria-expanded={menuOpen ? 'true' : 'false'}
              aria-controls="main-nav" onClick={() => setMenuOpen(!menuOpen)}>
              <span class="menu-icon" aria-hidden="true" />
              Menu
            </button>
          )}
        </div>
      </header>

      <div class={fullNav ? 'layout with-nav' : 'layout'}>
        {fullNav && (
          <nav id="main-nav" class={menuOpen ? 'main-nav open' : 'main-nav'} aria-label="Main">
            <ul class="nav-list">
              <li><Link href="/" aria-current={path === '/' ? 'page' : undefined}>Home</Link></li>
            </ul>
            <h2 class="nav-heading">Modules</h2>
            <ul class="nav-list">
              {MODULES.filter((m) => mayOpen(m, s.user.role)).map((m) => (
                <li key={m.path}><Link href={m.path} aria-current={hereModule(m)}>{m.label}</Link></li>
              ))}
            </ul>
            <h2 class="nav-heading">Administration</h2>
            <ul class="nav-list">
              {ADMIN_PAGES.filter((p) => mayOpen(p, s.user.role)).map((p) => (
                <li key={p.path}><Link href={p.path} aria-current={here(p.path)}>{p.label}</Link></li>
              ))}
              <li><Link href="/about" aria-current={here('/about')}>About</Link></li>
            </ul>
            <h2 class="nav-heading">My account</h2>
            <ul class="nav-list">
              <li class="nav-whoami">
                <span class="user-login">{s.user.login}</span>
                <span class="muted">{roleLabel(s.user.role)} · <JurisdictionName jurisdiction={s.user.jurisdiction} stateLgd={s.user.state_lgd} /></span>
              </li>
              <li><Link href="/sessions" aria-current={here('/sessions')}>My sessions</Link></li>
              <li><Link href="/account/password" aria-current={here('/account/password')}>Change password</Link></li>
              <li class="nav-signout"><button type="button" class="btn btn-secondary" onClick={signOut}>Sign out</button></li>
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1}>
          <ErrorBox error={error} />
          {fl && (fl.kind === 'error' ? <ErrorBox error={fl.message} /> : <Notice message={fl.message} />)}
          {children}
        </main>
      </div>

      <footer class="site-footer">
        <div class="footer-inner">
          <p>AHT Cell — information system of the national Anti Human Trafficking Cell, India.</p>
          <p><Link href="/about">About, sources and attribution</Link></p>
        </div>
      </footer>
    </div>
  );
}
