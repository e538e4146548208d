// The parts of the application, as data: the navigation and the placeholder pages of
// modules still to come are both drawn from these lists. `ready` marks a module that is
// built; `roles`, when present, the only roles that may open it.

export const MODULES = [
  { path: '/documents', label: 'Documents', ready: true, about: 'The library of advisories, standard operating procedures, minutes and guidelines of the Cell.' },
  { path: '/library', label: 'Manage library', ready: true, roles: ['cell'], about: 'Upload documents, new versions and corrigenda; edit, withdraw and restore them.' },
  { path: '/directory', label: 'Directory', about: 'State/UT nodal officers and the Anti Human Trafficking Units (AHTUs).' },
  { path: '/meetings', label: 'Meetings', about: 'Coordination meetings with the States/UTs and the follow-up of their action points.' },
  { path: '/returns', label: 'Returns', about: 'Periodic returns of trafficking data from the 36 States/UTs, district by district.' },
  { path: '/cases', label: 'Cases', about: 'Case records: victims, accused, and the source, transit and destination of each case.' },
  { path: '/analysis', label: 'Analysis', about: 'Problem districts, routes, trends and rates per population.' },
  { path: '/monitoring', label: 'Monitoring', about: 'AHTUs sanctioned, funded, set up and working; police trained against targets; compliance with each advisory.' },
];

export const ADMIN_PAGES = [
  { path: '/users', label: 'Users', roles: ['admin', 'state'] },
  { path: '/audit', label: 'Audit', roles: ['admin', 'cell'] },
];

export function mayOpen(page, role) {
  return !page.roles || page.roles.includes(role);
}
