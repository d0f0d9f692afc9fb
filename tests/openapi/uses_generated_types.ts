// Compiled (never run) against the TypeScript types openapi-typescript generates from the
// gateway's OpenAPI description: a client written with them type-checks, and a wrong value does
// not.
import type { components, paths } from './api';

type Fabric = components['schemas']['Fabric'];
type FabricPage = paths['/api/san/fabrics/']['get']['responses'][200]['content']['application/json'];
type ZoneSave = NonNullable<paths['/api/san/zones/save/']['post']['requestBody']>['content']['application/json'];
type Conflict = components['schemas']['VersionConflict'];
type ProjectList = paths['/api/core/projects/{customer_id}/']['get']['responses'][200]['content']['application/json'];
type ZoneListQuery = NonNullable<paths['/api/san/zones/project/{project_id}/']['get']['parameters']['query']>;

const fabric: Fabric = {
  id: 1, customer: 1, name: 'FAB_A', zoneset_name: 'zs_a', san_vendor: 'BR', vsan: null, domain_id: null,
  exists: false, notes: '', version: 0, last_modified_by: null, last_modified_at: null,
  zoning_mode: 'enhanced', smart_zoning: false, fos_name_rules: '8.1+',
};
export const page: FabricPage = {
  results: [fabric], count: 1, num_pages: 1, current_page: 1, page_size: 50, has_next: false, has_previous: false,
};
export const save: ZoneSave = { project_id: 1, zones: [{ id: 1, version: 0, members: [{ alias: 2 }] }] };
export const conflict: Conflict = {
  error: 'Conflict', message: 'This fabric was modified by bob. Please reload and try again.',
  current_version: 7, last_modified_by: 'bob', last_modified_at: '2025-10-23T16:45:00Z',
};
export const projects: ProjectList = [{ id: 1, name: 'Datacenter refresh 2026' }];
export const query: ZoneListQuery = { page: 2, search: 'esx' };

// @ts-expect-error a version is a number, never a string
export const stale: Fabric = { ...fabric, version: '5' };
// @ts-expect-error an answer carries every field
export const partial: Fabric = { id: 1 };
