// Columns the aliases and zones tables share: the fabric a record belongs to (a new row starts in
// the customer's first fabric) and the flags that say what to do on the switch.
const fabricOptions = ({ fabrics }) => fabrics.map((f) => ({ value: f.id, label: f.name }));
const firstFabric = ({ fabrics }) => fabrics[0]?.id ?? null;

// A fabric or a name is never set on many rows at once (the bulk bar's "Set"): a zone's members
// must stay in its fabric, and names are unique in a fabric.
export const FABRIC_COLUMN = {
  field: 'fabric', header: 'Fabric', kind: 'select', options: fabricOptions, initial: firstFabric, width: 92, bulk: false,
};
export const CREATE_COLUMN = { field: 'create', header: 'Create', title: 'Create on the switch', kind: 'checkbox', initial: false, width: 58 };
export const DELETE_COLUMN = {
  field: 'delete', header: 'Delete', label: 'Delete from switch', title: 'Delete from the switch', kind: 'checkbox', initial: false, width: 58,
};
export const NOTES_COLUMN = { field: 'notes', header: 'Notes', initial: '' };
export const NAME_COLUMN = { field: 'name', header: 'Name', placeholder: 'name', initial: '', bulk: false };
