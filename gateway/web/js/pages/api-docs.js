// API: the operations of the gateway's OpenAPI description (/api/openapi.json), grouped by tag,
// each with its parameters, request body and answers.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';
import { Loading, Notice } from '../components/common.js';
import { operationsByTag, refName, typeText } from '../openapi.js';

const DOCUMENT_PATH = '/api/openapi.json';

function who(operation) {
  const requirements = operation.security ?? [];
  if (!requirements.length) return 'anyone';
  return Object.keys(requirements[0]).includes('csrf') ? 'signed in, with X-CSRFToken' : 'signed in';
}

/** Text of the description, with its `code` spans as code. */
function Prose({ text }) {
  return (text || '').split('`').map((part, i) => (i % 2 ? html`<code>${part}</code>` : part));
}

function Fields({ schema, testid }) {
  const properties = Object.entries(schema?.properties || {});
  if (!properties.length) return html`<p class="muted small">${typeText(schema)}</p>`;
  return html`<table class="grid api-fields" data-testid=${testid}>
    <tbody>${properties.map(([name, field]) => html`<tr>
      <td class="mono">${name}</td><td class="mono muted">${typeText(field)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function Operation({ method, path, operation, document }) {
  const parameters = operation.parameters || [];
  const body = operation.requestBody?.content?.['application/json']?.schema;
  return html`<details class="api-operation" data-testid="api-operation" data-operation=${operation.operationId}>
    <summary>
      <span class=${`api-method api-${method}`}>${method.toUpperCase()}</span>
      <span class="mono">${path}</span>
      <span class="muted"> · ${operation.summary}</span>
    </summary>
    <div class="api-detail">
      <p class="small"><${Prose} text=${operation.description} /> <span class="muted">For ${who(operation)}.</span></p>
      ${parameters.length > 0 && html`<h3>Parameters</h3>
        <table class="grid api-fields"><tbody>${parameters.map((p) => html`<tr>
          <td class="mono">${p.name}</td><td class="muted">${p.in}${p.required ? ', required' : ''}</td>
          <td class="mono muted">${typeText(p.schema)}</td>
        </tr>`)}</tbody></table>`}
      ${body && html`<h3>Request body</h3><${Fields} schema=${body} testid="api-request-body" />`}
      <h3>Answers</h3>
      <table class="grid api-fields"><tbody>${Object.entries(operation.responses).map(([status, response]) => {
        const resolved = response.$ref ? document.components.responses[refName(response.$ref)] : response;
        const schema = resolved?.content?.['application/json']?.schema;
        return html`<tr>
          <td class="mono">${status}</td><td class="small"><${Prose} text=${resolved?.description} /></td>
          <td class="mono muted">${schema ? typeText(schema) : ''}</td>
        </tr>`;
      })}</tbody></table>
    </div>
  </details>`;
}

export function ApiDocsPage() {
  const [document, setDocument] = useState(null);
  const [notice, setNotice] = useState(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    api.get(DOCUMENT_PATH).then(setDocument).catch((error) => setNotice({ kind: 'error', text: error.message }));
  }, []);

  const needle = filter.trim().toLowerCase();
  const groups = document ? operationsByTag(document)
    .map((group) => ({
      ...group,
      operations: group.operations.filter(({ method, path, operation }) => !needle
        || `${method} ${path} ${operation.summary}`.toLowerCase().includes(needle)),
    }))
    .filter((group) => group.operations.length) : [];

  return html`<section class="page" data-testid="api-page">
    <header class="page-head">
      <h1>API${document && html` <span class="muted">· ${document.info.title} ${document.info.version}</span>`}</h1>
      <p class="muted small">Every REST operation of the gateway, from its OpenAPI description
        (<a href=${DOCUMENT_PATH} data-testid="api-document-link">${DOCUMENT_PATH}</a>).</p>
    </header>
    <${Notice} notice=${notice} />
    ${!document && !notice && html`<${Loading} what="the API description" />`}
    ${document && html`<p class="small"><${Prose} text=${document.info.description} /></p>
      <div class="toolbar">
        <input class="filter" type="search" placeholder="Filter operations" aria-label="Filter operations"
          data-testid="api-filter" value=${filter} onInput=${(e) => setFilter(e.currentTarget.value)} />
      </div>
      ${groups.map((group) => html`<section class="subsection" data-testid="api-tag" data-tag=${group.tag}>
        <h2>${group.tag}</h2>
        <p class="muted small"><${Prose} text=${group.description} /></p>
        ${group.operations.map((op) => html`<${Operation} key=${`${op.method} ${op.path}`} ...${op} document=${document} />`)}
      </section>`)}`}
  </section>`;
}
