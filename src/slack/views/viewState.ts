/**
 * Reads a view_submission's state.values without trusting its shape: a field that is missing or of
 * another type reads as empty, which the validators then report like any empty field.
 */
export type ViewStateValues = Record<string, Record<string, unknown>>;

function element(values: unknown, blockId: string, actionId: string): Record<string, unknown> | undefined {
  if (typeof values !== 'object' || values === null) return undefined;
  const block = (values as Record<string, unknown>)[blockId];
  if (typeof block !== 'object' || block === null) return undefined;
  const found = (block as Record<string, unknown>)[actionId];
  return typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : undefined;
}

/** plain_text_input → its text ('' when empty) */
export function readText(values: unknown, blockId: string, actionId: string): string {
  const value = element(values, blockId, actionId)?.value;
  return typeof value === 'string' ? value : '';
}

/** static_select / radio_buttons → the chosen option's value */
export function readSelectedValue(values: unknown, blockId: string, actionId: string): string | undefined {
  const option = element(values, blockId, actionId)?.selected_option;
  if (typeof option !== 'object' || option === null) return undefined;
  const value = (option as Record<string, unknown>).value;
  return typeof value === 'string' ? value : undefined;
}

/** checkboxes → the ticked options' values */
export function readCheckedValues(values: unknown, blockId: string, actionId: string): string[] {
  const options = element(values, blockId, actionId)?.selected_options;
  if (!Array.isArray(options)) return [];
  return options.flatMap((option: unknown) => {
    const value =
      typeof option === 'object' && option !== null ? (option as Record<string, unknown>).value : undefined;
    return typeof value === 'string' ? [value] : [];
  });
}

/** file_input → the ids of the picked files (Slack sends file objects; only their ids are trusted) */
export function readFileIds(values: unknown, blockId: string, actionId: string): string[] {
  const files = element(values, blockId, actionId)?.files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((file: unknown) => {
    const id = typeof file === 'object' && file !== null ? (file as Record<string, unknown>).id : undefined;
    return typeof id === 'string' && /^F[A-Z0-9]{2,}$/.test(id) ? [id] : [];
  });
}
