// The digest of a State/UT (GET /api/v1/digest?state=LGD): its overdue action points and
// those due in the next 14 days, as the e-mail the Cell sends would list them, and that
// e-mail's text (&format=text) shown as it is. The Cell and admins choose the State/UT
// (/digest?state=19); a State user gets its own.

import { useEffect, useState } from 'preact/hooks';
import { api, useSession } from '../lib/api.js';
import { Link, navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading, copyText } from '../lib/ui.jsx';
import { useStates } from '../lib/geo.js';
import { Day } from '../lib/registers.jsx';
import { ApStatus, Decision, Overdue, actionHref, meetingHref, national, readsDigest } from '../lib/meetings.jsx';
import { Forbidden } from './misc.jsx';

export function Digest({ query }) {
  const s = useSession();
  const user = s.user;
  if (!readsDigest(user)) return <Forbidden />;
  return <DigestPage query={query} user={user} />;
}

function DigestPage({ query, user }) {
  const nat = national(user);
  const state = nat ? (/^\d+$/.test(query.get('state') || '') ? query.get('state') : '') : '';
  const [choice, setChoice] = useState(state);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const [text, setText] = useState(null);
  const [showText, setShowText] = useState(false);
  const [textErr, setTextErr] = useState(null);
  const [copied, setCopied] = useState(null);
  const [states] = useStates();
  const asks = !nat || !!state;

  useEffect(() => { setChoice(state); setShowText(false); setText(null); setTextErr(null); setCopied(null); }, [state]);

  useEffect(() => {
    setData(null); setError(null);
    if (!asks) return undefined;
    let live = true;
    api('GET', '/digest', { query: { state } })
      .then((r) => live && setData(r), (e) => live && setError(e));
    return () => { live = false; };
  }, [state]);

  async function toggleText() {
    if (showText) { setShowText(false); return; }
    setShowText(true);
    if (text !== null) return;
    setTextErr(null);
    try {
      setText(await api('GET', '/digest', { query: { state, format: 'text' }, text: true }));
    } catch (e) {
      setTextErr(e);
    }
  }
  async function copy() {
    try {
      await copyText(text, null);
      setCopied('Copied.');
    } catch (e) {
      setCopied(e.message);
    }
  }
  function submit(e) {
    e.preventDefault();
    navigate(withQuery('/digest', { state: choice }));
  }

  const name = data ? data.state : null;
  return (
    <Page title={name ? `Digest: ${name}` : 'Digest'} heading={name ? `What is due: ${name}` : 'What is due'} wide
      back={<Link href={state ? `/follow-up?state=${encodeURIComponent(state)}` : '/follow-up'}>Follow-up of action points</Link>}>
      <p class="lead">What a State/UT has to do: its overdue action points and those due in the next 14 days, and the periodic returns its districts have not submitted — the
        list the reminder e-mail carries.</p>
      {nat && (
        <form class="filters" onSubmit={submit} aria-label="Choose the State/UT">
          <div class="field field-state">
            <label for="dg-state">State/UT</label>
            <select id="dg-state" value={choice} onChange={(e) => setChoice(e.currentTarget.value)}>
              <option value="">Choose a State/UT</option>
              {choice && !states && <option value={choice}>State/UT {choice}</option>}
              {(states || []).map((x) => <option key={x.lgd} value={String(x.lgd)}>{x.name}</option>)}
            </select>
          </div>
          <div class="filter-actions">
            <button type="submit" class="btn btn-primary">Show the digest</button>
          </div>
        </form>
      )}
      {!asks && <div class="empty-state"><p>Choose a State/UT to see its digest.</p></div>}
      <ErrorBox error={error} />
      {asks && !data && !error && <Loading what="the digest" />}
      {data && (
        <>
          <p class="digest-as-on">As on <Day value={data.as_on} />: <strong>{(data.overdue || []).length} overdue</strong>,
            {' '}{(data.due_soon || []).length} due in the next 14 days; periodic returns of{' '}
            <strong>{(data.returns_overdue || []).length} {(data.returns_overdue || []).length === 1 ? 'period' : 'periods'} overdue</strong>.</p>
          <DigestList id="dg-overdue" title="Action points overdue" rows={data.overdue || []}
            empty={`No action point of ${data.state} is overdue.`} />
          <DigestList id="dg-soon" title="Action points due in the next 14 days" rows={data.due_soon || []}
            empty={`No action point of ${data.state} falls due in the next 14 days.`} />
          <ReturnsDue state={data.state_lgd} id="dg-returns-over" title="Periodic returns overdue" items={data.returns_overdue || []}
            empty={`Every district of ${data.state} has submitted the returns that are due.`} />
          <ReturnsDue state={data.state_lgd} id="dg-returns-soon" title="Periodic returns due in the next 14 days" items={data.returns_due_soon || []}
            empty="No return falls due in the next 14 days." />
          <section aria-labelledby="dg-text-h">
            <h2 id="dg-text-h">The e-mail</h2>
            <p class="form-actions">
              <button type="button" class="btn btn-secondary" aria-expanded={showText ? 'true' : 'false'} aria-controls="dg-text"
                onClick={toggleText}>{showText ? 'Hide the e-mail text' : 'Show as e-mail text'}</button>
              {showText && text && <button type="button" class="btn btn-secondary" onClick={copy}>Copy the text</button>}
              {copied && <span class="muted" role="status">{copied}</span>}
            </p>
            <ErrorBox error={textErr} />
            <div id="dg-text">
              {showText && text === null && !textErr && <Loading what="the e-mail text" />}
              {showText && text !== null && (
                <pre class="mail-text" tabIndex={0} aria-label={`E-mail text of the digest of ${data.state}`}>{text}</pre>
              )}
            </div>
          </section>
        </>
      )}
    </Page>
  );
}

function DigestList({ id, title, rows, empty }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title} ({rows.length})</h2>
      {rows.length === 0 && <p class="muted">{empty}</p>}
      {rows.length > 0 && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
          <table class="reflow data-table followup-table">
            <thead>
              <tr>
                <th scope="col">Meeting</th>
                <th scope="col">Action point</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Last report</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.action_point_id}-${r.state_lgd}`}>
                  <td data-label="Meeting" class="col-meeting">
                    <span class="cell-stack">
                      <Link href={meetingHref(r.meeting_id)}>{r.meeting_title}</Link>
                      <span class="doc-meta"><Day value={r.meeting_date} />, item {r.number}</span>
                    </span>
                  </td>
                  <td data-label="Action point" class="col-text"><Link href={actionHref(r.action_point_id)} class="ap-text">{r.text}</Link></td>
                  <td data-label="Due"><span class="due-cell"><Day value={r.due_on} /><Overdue days={r.days_overdue} /></span></td>
                  <td data-label="Status"><ApStatus status={r.status} /></td>
                  <td data-label="Last report">
                    {r.last_report
                      ? <span class="last-report"><Day value={r.last_report.reported_on} /> <Decision decision={r.last_report.decision} /></span>
                      : <span class="muted">None yet</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/* Returns the State's districts have not submitted: per data set and period, the districts. */
function ReturnsDue({ state, id, title, items, empty }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title} ({items.length})</h2>
      {items.length === 0 && <p class="muted">{empty}</p>}
      {items.length > 0 && (
        <ul class="link-list digest-returns">
          {items.map((x) => (
            <li key={`${x.dataset}-${x.period}`}>
              <Link href={withQuery('/completeness', { dataset: x.dataset, period: x.period, state })}>{x.dataset_name}, {x.period_label}</Link>:
              {' '}due <Day value={x.due} />{x.days_overdue ? <strong> ({x.days_overdue} {x.days_overdue === 1 ? 'day' : 'days'} late)</strong> : ''};
              {' '}{x.missing} of {x.expected} districts have not submitted
              <span class="doc-meta">{x.districts.join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
