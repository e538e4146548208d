// A State's compliance record (GET /api/v1/advisories/compliance?state=LGD): every advisory
// with the State's latest status and its day, and the history of its reports on all of
// them, newest first; the State's row of the matrix downloads as CSV, XLSX or PDF. A State
// user reaches its own State's record only: the server answers nothing of another.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { Page, ErrorBox, Loading } from '../lib/ui.jsx';
import { IssuedOn } from '../lib/docs.jsx';
import { MatrixDownloads, NOT_REPORTED, STATUSES, StatusChip, complianceHref } from './compliance.jsx';
import { ReportList } from './compliance-advisory.jsx';

export function ComplianceState({ lgd }) {
  const valid = /^[1-9]\d{0,5}$/.test(String(lgd));
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [missing, setMissing] = useState(!valid);

  useEffect(() => {
    if (!valid) { setMissing(true); return undefined; }
    let live = true;
    setData(null); setMissing(false); setError(null);
    api('GET', '/advisories/compliance', { query: { state: lgd } }).then(
      (r) => { if (!live) return; if (!(r.states || []).length) setMissing(true); else setData(r); },
      (e) => { if (!live) return; if (e.status === 400 && e.field === 'state') setMissing(true); else setError(e); },
    );
    return () => { live = false; };
  }, [lgd]);

  const back = <Link href="/compliance">Compliance matrix</Link>;
  if (missing) {
    return (
      <Page title="State/UT not found" heading="This State/UT does not exist or is not yours to see" back={back}>
        <div class="empty-state">
          <p>There is no compliance record at this address that you can see. The State/UT code may be mistyped;
            a State/UT officer sees the record of their own State/UT only.</p>
          <p><Link href="/compliance">See the compliance matrix</Link></p>
        </div>
      </Page>
    );
  }
  if (!data) {
    return (
      <Page title="Compliance record" back={back}>
        <ErrorBox error={error} />
        {!error && <Loading what="the record" />}
      </Page>
    );
  }

  const st = data.states[0];
  const advisories = data.advisories || [];
  const reports = data.reports || [];
  const cellOf = new Map((data.cells || []).map((c) => [c.document_id, c]));
  const count = (v) => advisories.filter((a) => (cellOf.get(a.id) || { status: NOT_REPORTED.value }).status === v).length;

  return (
    <Page title={`Compliance: ${st.name}`} heading={`Compliance of ${st.name}`} wide back={back}>
      <p class="lead">The status of {st.name} on each advisory of the Cell is its latest report; every report is kept below.</p>
      {advisories.length > 0 && (
        <ul class="cm-summary" aria-label={`${st.name} on ${advisories.length} advisories`}>
          {[...STATUSES, NOT_REPORTED].map((x) => (
            <li key={x.value}><StatusChip status={x.value} /> <strong>{count(x.value)}</strong></li>
          ))}
        </ul>
      )}

      <section aria-labelledby="cs-adv-h">
        <h2 id="cs-adv-h">Status on each advisory</h2>
        {advisories.length === 0 && <p class="muted">There is no advisory in the library yet.</p>}
        {advisories.length > 0 && (
          <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="cs-adv-h">
            <table class="reflow data-table cm-record-table">
              <thead>
                <tr>
                  <th scope="col">Advisory</th>
                  <th scope="col">Issued on</th>
                  <th scope="col">Status</th>
                  <th scope="col">Reported on</th>
                </tr>
              </thead>
              <tbody>
                {advisories.map((a) => {
                  const c = cellOf.get(a.id);
                  return (
                    <tr key={a.id}>
                      <td data-label="Advisory" class="col-title"><Link href={complianceHref(a.id, st.lgd)}>{a.title}</Link></td>
                      <td data-label="Issued on" class="nowrap"><IssuedOn value={a.issued_on} /></td>
                      <td data-label="Status"><StatusChip status={c ? c.status : NOT_REPORTED.value} /></td>
                      <td data-label="Reported on" class="nowrap">{c ? <IssuedOn value={c.reported_on} /> : <span class="muted">—</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {advisories.length > 0 && <MatrixDownloads state={st.lgd} what={`the status of ${st.name}`} />}
      </section>

      <section aria-labelledby="cs-rep-h">
        <h2 id="cs-rep-h">Reports, newest first</h2>
        {reports.length === 0 && <p class="muted">{st.name} has not filed a report yet.</p>}
        {reports.length > 0 && <ReportList reports={reports} advisoryLinks />}
        {data.reports_truncated && <p class="msg msg-warn" role="note">Only the newest {reports.length} reports are shown.</p>}
      </section>
    </Page>
  );
}
