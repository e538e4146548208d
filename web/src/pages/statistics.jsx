// The public's statistics of trafficking (/statistics): victims of the cases registered in each
// State/UT in a year, by sex and by age, the purposes, and the largest routes — every count under
// 11 shown as <11 and others hidden (x) where the totals would give one away. No sign-in needed;
// asked without the session cookie, so that an officer sees exactly what the public sees.

import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { navigate, withQuery } from '../lib/router.js';
import { Page, ErrorBox, Loading } from '../lib/ui.jsx';
import { fmtCount } from '../lib/cases.jsx';

function StateTable({ t, caption, id }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
      <table class="data-table compact stats-table">
        <caption id={id}>{caption}</caption>
        <thead><tr><th scope="col">State/UT</th>{t.columns.map((c) => <th key={c} scope="col" class="num">{c}</th>)}<th scope="col" class="num">Total</th></tr></thead>
        <tbody>{t.rows.map((r) => (
          <tr key={r.state_lgd}><th scope="row">{r.state}</th>{r.cells.map((v, i) => <td key={i} class="num">{fmtCount(v)}</td>)}<td class="num strong">{fmtCount(r.total)}</td></tr>
        ))}</tbody>
        <tfoot><tr><th scope="row">India</th>{t.totals.map((v, i) => <td key={i} class="num">{fmtCount(v)}</td>)}<td class="num strong">{fmtCount(t.victims)}</td></tr></tfoot>
      </table>
    </div>
  );
}

export function Statistics({ query }) {
  const year = new Date(Date.now() + 330 * 60000).getUTCFullYear();
  const asked = /^\d{4}$/.test(query.get('year') || '') ? query.get('year') : String(year - 1);
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    setData(null); setError(null);
    api('GET', '/public/statistics', { query: { from: asked, to: asked }, anonymous: true }).then((x) => live && setData(x), (e) => live && setError(e));
    return () => { live = false; };
  }, [asked]);
  const years = [];
  for (let y = year; y >= year - 10; y--) years.push(String(y));
  return (
    <Page title="Trafficking statistics" wide
      lead="Victims of human trafficking in the cases registered by the States/UTs, as the Anti Trafficking Cell publishes them.">
      <form class="filters" aria-label="Year" onSubmit={(e) => e.preventDefault()}>
        <div class="field field-narrow-select"><label for="st-year">Year</label>
          <select id="st-year" value={asked} onChange={(e) => navigate(withQuery('/statistics', { year: e.currentTarget.value }))}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select></div>
      </form>
      <ErrorBox error={error} />
      {!data && !error && <Loading what="the statistics" />}
      {data && (
        <>
          <p class="muted">{data.note} “x” marks a count hidden so that a small one cannot be worked out from the totals.</p>
          <StateTable t={data.by_state_sex} id="st-sex" caption={`Victims by State/UT and sex, ${asked}`} />
          <StateTable t={data.by_state_age} id="st-age" caption={`Victims by State/UT and age, ${asked}`} />
          <div class="two-cols">
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="st-p">
              <table class="data-table compact"><caption id="st-p">Victims by purpose of trafficking, {asked}</caption>
                <thead><tr><th scope="col">Purpose</th><th scope="col" class="num">Victims</th></tr></thead>
                <tbody>{data.purposes.map((p) => <tr key={p.code}><th scope="row">{p.label}</th><td class="num">{fmtCount(p.victims)}</td></tr>)}</tbody>
              </table>
            </div>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="st-r">
              <table class="data-table compact"><caption id="st-r">The largest routes, {asked} (11 victims or more)</caption>
                <thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" class="num">Victims</th></tr></thead>
                <tbody>{data.routes.length === 0 ? <tr><td colSpan={3} class="muted">No route carries 11 victims or more.</td></tr>
                  : data.routes.map((r, i) => <tr key={i}><td>{r.source.name}</td><td>{r.target.name}</td><td class="num">{fmtCount(r.victims)}</td></tr>)}</tbody>
              </table>
            </div>
          </div>
        </>
      )}
    </Page>
  );
}
