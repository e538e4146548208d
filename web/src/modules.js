// The parts of the application, as data: the navigation and the placeholder pages of
// modules still to come are both drawn from these lists. `ready` marks a module that is
// built; `roles`, when present, the only roles that may open it.
// A register (GET /api/v1/registers) needs no page of its own: its entry names it in
// `register`, its path is /registers/NAME, and `write` lists the roles that may add and
// change its records (the server's route table decides; this only shows or hides buttons).
// `also` lists other paths under which the entry is the current one in the navigation.
// A register's entry may add buttons: `tools` on its list (a POST to the API, for `roles`:
// the Compendium of best practices) and `record` on each record (a link; {field} in `href`
// takes the record's value), and `see`, links to related registers shown on its list.
// REGISTER_PAGES holds registers reached from another entry, not from the navigation.

export const MODULES = [
  { path: '/documents', label: 'Documents', ready: true, about: 'The library of advisories, standard operating procedures, minutes and guidelines of the Cell.' },
  { path: '/library', label: 'Manage library', ready: true, roles: ['cell'], about: 'Upload documents, new versions and corrigenda; edit, withdraw and restore them.' },
  { path: '/directory', label: 'Directory', ready: true, about: 'The public directory of the State/UT nodal officers for anti human trafficking, as anyone sees it.' },
  { path: '/registers/officers', label: 'Nodal officers', ready: true, register: 'officers', write: ['cell', 'state'], about: 'The nodal officer of each State/UT and their terms: appoint, correct and end a term; every change is kept.' },
  { path: '/registers/agencies', label: 'Placement agencies', ready: true, register: 'agencies', write: ['cell', 'state'], about: 'The private placement agencies registered by the States/UTs: licences, status, complaints; every change is kept.' },
  {
    path: '/registers/practices', label: 'Best practices', ready: true, register: 'practices', write: ['state'],
    about: 'Best practices of the States\' police: submitted, reviewed by the Cell, published on the portal and gathered in the Compendium.',
    see: [{ href: '/practices', label: 'the published practices, as the public sees them' }],
    tools: [{
      label: 'Make the Compendium', post: '/practices/compendium', roles: ['cell'],
      confirm: 'Make the Compendium of every published practice as one PDF and publish it in the library as the new version of the Compendium?',
    }],
  },
  {
    path: '/registers/award-calls', label: 'Awards', ready: true, register: 'award-calls', write: ['cell'],
    also: ['/registers/nominations'],
    about: 'Awards for outstanding anti-trafficking work: the Cell\'s calls for nominations, the States\' nominations, shortlist and awardees.',
    see: [{ href: '/registers/nominations', label: 'the nominations of the States/UTs' }, { href: '/awards', label: 'the awardees, as the public sees them' }],
    record: [
      { label: 'Nominations for this call', href: '/registers/nominations?year={year}' },
      { label: 'Nominate an officer', href: '/registers/nominations/new?year={year}&award={title}', roles: ['state'] },
    ],
  },
  { path: '/meetings', label: 'Meetings', ready: true, about: 'Coordination meetings with the States/UTs: schedule, invite, confirm attendees, record attendance, minutes and action points.' },
  { path: '/follow-up', label: 'Follow-up', ready: true, also: ['/action-points', '/digest'], about: 'The action points of the meetings, State by State: overdue, due soon, reported and closed; action-taken reports and the digest.' },
  { path: '/compliance', label: 'Compliance', ready: true, about: 'Compliance of the States/UTs with the advisories of the Cell: the actions each asks, each State\'s reports, the matrix.' },
  { path: '/returns', label: 'Returns', ready: true, also: ['/completeness'], about: 'Periodic returns of trafficking data from the 36 States/UTs, district by district: entry, checks, approval by the State, acceptance by the Cell, completeness.' },
  { path: '/cases', label: 'Cases', ready: true, roles: ['cell', 'state', 'district'], about: 'Case records: each FIR with its victims — where each was recruited, moved and exploited — and its accused; import from a file.' },
  { path: '/analysis', label: 'Analysis', ready: true, roles: ['cell', 'state', 'district', 'viewer'], about: 'Source, transit and destination districts on a map, routes between States and countries, trends, seasonality and the fastest-rising districts.' },
  {
    path: '/monitoring', label: 'Monitoring', ready: true, roles: ['cell', 'state', 'district', 'viewer'],
    also: ['/monitoring/funds', '/monitoring/training', '/monitoring/schemes', '/registers/ahtus'],
    about: 'Where each State stands: AHTUs sanctioned, set up and functional, funds released and accounted for, officers trained against the targets, advisories, action points and returns; what is overdue.',
  },
];

export const REGISTER_PAGES = [
  {
    path: '/registers/ahtus', label: 'AHTUs', register: 'ahtus', write: ['cell', 'state', 'district'],
    see: [{ href: '/monitoring', label: 'where each State stands (the dashboard)' }],
    record: [{ label: 'Cases naming this unit', href: '/cases?district={district_lgd}&ahtu={name}', roles: ['cell', 'state', 'district'] }],
  },
  {
    path: '/registers/nominations', label: 'Award nominations', register: 'nominations', write: ['state'],
    see: [{ href: '/registers/award-calls', label: 'the calls for nominations' }],
  },
];

export const ADMIN_PAGES = [
  { path: '/users', label: 'Users', roles: ['admin', 'state'] },
  { path: '/audit', label: 'Audit', roles: ['admin', 'cell'] },
];

export function mayOpen(page, role) {
  return !page.roles || page.roles.includes(role);
}

/* The module entry of a register, if modules.js lists it. */
export function registerModule(name) {
  return MODULES.find((m) => m.register === name) || REGISTER_PAGES.find((m) => m.register === name) || null;
}
