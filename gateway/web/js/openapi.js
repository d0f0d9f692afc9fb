// Reading an OpenAPI description for people: operations grouped by tag, and short type names for
// schemas. Pure functions (no DOM), tested by tests/e2e/web-logic.test.mjs.

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** "#/components/schemas/Fabric" -> "Fabric" */
export const refName = (ref) => ref.slice(ref.lastIndexOf('/') + 1);

/** A short type for a schema: "integer (int64)", "Fabric[]", "string | null". */
export function typeText(schema) {
  if (!schema) return 'any';
  if (schema.$ref) return refName(schema.$ref);
  if (schema.anyOf) return schema.anyOf.map(typeText).join(' | ');
  if (schema.allOf) return schema.allOf.map(typeText).join(' & ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const types = [].concat(schema.type ?? 'any');
  const text = types.map((type) => (type === 'array' ? `${typeText(schema.items)}[]` : type)).join(' | ');
  return schema.format ? `${text} (${schema.format})` : text;
}

/** The operations of a description by tag, in the order of its `tags`: [{tag, description, operations}]. */
export function operationsByTag(document) {
  const groups = new Map((document.tags || []).map((t) => [t.name, { tag: t.name, description: t.description, operations: [] }]));
  for (const [path, item] of Object.entries(document.paths || {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      for (const tag of operation.tags?.length ? operation.tags : ['other']) {
        if (!groups.has(tag)) groups.set(tag, { tag, description: '', operations: [] });
        groups.get(tag).operations.push({ method, path, operation });
      }
    }
  }
  return [...groups.values()].filter((g) => g.operations.length);
}
