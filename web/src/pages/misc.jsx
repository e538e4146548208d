// Screens with little in them: modules still to come, not found, no access.

import { Link } from '../lib/router.js';
import { Page } from '../lib/ui.jsx';

export function ModulePlaceholder({ module }) {
  return (
    <Page title={module.label}>
      <p class="lead">{module.about}</p>
      <div class="empty-state">
        <h2>This module is not yet available</h2>
        <p>{module.label} is being built and will open here in a coming release of AHT Cell.
          Nothing is missing from your account, and nothing needs to be done now.</p>
        <p><Link href="/">Back to the home page</Link></p>
      </div>
    </Page>
  );
}

export function NotFound() {
  return (
    <Page title="Page not found">
      <div class="empty-state">
        <p>There is no page at this address. Check the address, or use the navigation.</p>
        <p><Link href="/">Go to the home page</Link></p>
      </div>
    </Page>
  );
}

export function Forbidden() {
  return (
    <Page title="Not available to your role">
      <div class="empty-state">
        <p>Your role does not give access to this page. If you need it for your work, ask an
          administrator of AHT Cell.</p>
        <p><Link href="/">Go to the home page</Link></p>
      </div>
    </Page>
  );
}
