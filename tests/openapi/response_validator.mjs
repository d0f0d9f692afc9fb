// Checks answers of the gateway against its OpenAPI description: the operation's response for the
// status (or its `default`) must exist and the JSON body must match its schema (JSON Schema draft
// 2020-12, as OpenAPI 3.1 uses it). A mismatch throws, so a test that received it fails.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT_ID = 'sanplane-openapi';
// Answers outside the route table that are errors still have the shape of every error body.
const ERROR_POINTER = '#/components/schemas/Error';

// JSON pointer segment inside a URI fragment.
const segment = (name) => encodeURIComponent(String(name).replaceAll('~', '~0').replaceAll('/', '~1'));

// HEAD is described by its GET.
const operationKey = (method) => (method.toUpperCase() === 'HEAD' ? 'get' : method.toLowerCase());

export class ResponseValidator {
  constructor(document) {
    this.document = document;
    this.ajv = new Ajv2020({ allErrors: true, strictTypes: false });
    addFormats(this.ajv);
    // OpenAPI's numeric formats, which ajv-formats does not define.
    const int32 = (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31;
    this.ajv.addFormat('int32', { type: 'number', validate: int32 });
    this.ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addFormat('float', { type: 'number', validate: () => true });
    // The document's schemas are reached by JSON pointer from one root, so their "#/components/…"
    // references resolve as they do in the document.
    this.ajv.addVocabulary(['paths', 'components']);
    this.ajv.addSchema({ $id: ROOT_ID, paths: document.paths, components: document.components });
    this.compiled = new Map();
    this.templates = Object.keys(document.paths).map((template) => ({ template, segments: template.split('/') }));
  }

  /** The path template of the document that `path` is, preferring literal segments (as the gateway's router does). */
  templateOf(path) {
    const wanted = path.split('/');
    let best = null;
    let bestLiterals = -1;
    for (const { template, segments } of this.templates) {
      if (segments.length !== wanted.length) continue;
      let literals = 0;
      let matches = true;
      for (let i = 0; i < segments.length && matches; i++) {
        if (/^\{.+\}$/.test(segments[i])) matches = wanted[i] !== '';
        else if (segments[i] === wanted[i]) literals++;
        else matches = false;
      }
      if (matches && literals > bestLiterals) { best = template; bestLiterals = literals; }
    }
    return best;
  }

  schemaValidator(pointer) {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${ROOT_ID}${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /**
   * Where the schema of the answer `status` to `method path` is, or null when nothing is described.
   * `mediaType` (of the Content-Type header; JSON when absent) picks the schema of that content; a
   * binary one is described, not checked.
   */
  schemaPointerFor(method, path, status, mediaType = 'application/json') {
    const template = this.templateOf(path);
    const operation = template && this.document.paths[template][operationKey(method)];
    if (!operation) {
      // Not an operation (an unknown path, a method the path does not have, or outside /api/):
      // only its errors under /api/ are part of the contract.
      return path.startsWith('/api/') && status >= 400 ? ERROR_POINTER : null;
    }
    const key = String(status) in operation.responses ? String(status) : 'default';
    const response = operation.responses[key];
    const where = `${method} ${template}`;
    if (!response) throw new Error(`${where} answered ${status}, which its OpenAPI description does not list`);
    const json = 'application/json';
    if (mediaType !== json) {
      const content = response.content?.[mediaType];
      if (!content) throw new Error(`${where} answered ${status} as ${mediaType}, which its OpenAPI description does not list`);
      if (content.schema?.format === 'binary') return null;
      return `#/paths/${segment(template)}/${operationKey(method)}/responses/${segment(key)}`
        + `/content/${segment(mediaType)}/schema`;
    }
    if (response.$ref) {
      const name = response.$ref.replace('#/components/responses/', '');
      if (!this.document.components.responses[name]?.content?.[json]) return null;
      return `#/components/responses/${segment(name)}/content/${segment(json)}/schema`;
    }
    if (!response.content?.[json]) return null;
    return `#/paths/${segment(template)}/${operationKey(method)}/responses/${segment(key)}`
      + `/content/${segment(json)}/schema`;
  }

  /**
   * Throws unless `body` (parsed JSON, or the text of another media type) is what the description
   * says `method path` answers with `status` as `contentType` (the Content-Type header).
   */
  check(method, pathWithQuery, status, body, contentType) {
    const path = pathWithQuery.split('?')[0];
    const mediaType = contentType ? contentType.split(';')[0].trim().toLowerCase() : undefined;
    const pointer = this.schemaPointerFor(method, path, status, mediaType);
    // HEAD and 304 answers carry no body to check.
    if (pointer === null || method === 'HEAD' || status === 304) return;
    const validate = this.schemaValidator(pointer);
    if (!validate(body)) {
      const problems = this.ajv.errorsText(validate.errors, { dataVar: 'body' });
      throw new Error(`${method} ${path} answered ${status} with a body its OpenAPI description does not allow: `
        + `${problems}\nbody: ${JSON.stringify(body)}`);
    }
  }
}

const forGateway = new Map();

/** The validator of the description the gateway at `baseUrl` serves (fetched once per gateway). */
export function validatorFor(baseUrl) {
  if (!forGateway.has(baseUrl)) {
    const loading = fetch(`${baseUrl}/api/openapi.json`).then(async (res) => {
      if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
      return new ResponseValidator(await res.json());
    });
    // A failed load is not kept: the next request asks again.
    loading.catch(() => forGateway.delete(baseUrl));
    forGateway.set(baseUrl, loading);
  }
  return forGateway.get(baseUrl);
}
