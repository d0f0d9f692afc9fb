// Columns the aliases and zones tables share: the fabric a record belongs to (a new row starts in
// the customer's first fabric) and the flags that say what to do on the switch.
const fabricOptions = ({ fabrics }) => fabrics.map((f) => ({ value: f.id, label: f.name }));
const firstFabric = ({ fabrics }) => fabrics[0]?.id ?? null;

export const FABRIC_COLUMN = { field: 'fabric', header: 'Fabric', kind: 'select', options: fabricOptions, initial: firstFabric, width: 92 };
export const CREATE_COLUMN = { field: 'create', header: 'Create', title: 'Create on the switch', kind: 'checkbox', initial: false, width: 58 };
export const DELETE_COLUMN = {
  field: 'delete', header: 'Delete', label: 'Delete from switch', title: 'Delete from the switch', kind: 'checkbox', initial: false, width: 58,
};
export const NOTES_COLUMN = { field: 'notes', header: 'Notes', initial: '' };
export const NAME_COLUMN = { field: 'name', header: 'Name', placeholder: 'name', initial: '' };
