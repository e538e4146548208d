// About: name, version, schema, attribution and sources, from GET /api/v1/about.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Page, ErrorBox, Loading } from '../lib/ui.jsx';

export function About() {
  const [about, setAbout] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    api('GET', '/about', { noAuthRedirect: true }).then((a) => live && setAbout(a), (e) => live && setError(e));
    return () => { live = false; };
  }, []);

  return (
    <Page title="About">
      <p class="lead">AHT Cell keeps the documents, directory, meetings, returns and case records
        of India's national Anti Human Trafficking Cell, and publishes what may be published
        without exposing any victim.</p>
      <ErrorBox error={error} />
      {!about && !error && <Loading />}
      {about && (
        <>
          <h2>This installation</h2>
          <dl class="facts">
            <dt>Name</dt><dd>{about.name}</dd>
            <dt>Version</dt><dd>{about.version}</dd>
            <dt>Database schema version</dt><dd>{String(about.schema_version)}</dd>
          </dl>
          {Array.isArray(about.attribution) && about.attribution.length > 0 && (
            <>
              <h2>Attribution</h2>
              <ul class="attribution">
                {about.attribution.map((line, i) => <li key={i}>{String(line)}</li>)}
              </ul>
            </>
          )}
          {Array.isArray(about.sources) && about.sources.length > 0 && (
            <>
              <h2>Sources of data</h2>
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Sources of data">
                <table class="reflow">
                  <thead><tr><th scope="col">Data</th><th scope="col">Source</th><th scope="col">Licence</th></tr></thead>
                  <tbody>
                    {about.sources.map((s, i) => (
                      <tr key={i}><td data-label="Data">{s.what}</td><td data-label="Source">{s.source}</td><td data-label="Licence">{s.licence}</td></tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </>
      )}
    </Page>
  );
}
