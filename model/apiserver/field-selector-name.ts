/**
 * The object a field selector names when it is exactly `metadata.name=<name>`: the API server then reads that
 * one key for a list or a watch instead of the whole resource (its storage can: the name is the key).
 */
export function nameOfFieldSelector(fieldSelector: string | undefined): string | undefined {
  const m = fieldSelector ? /^metadata\.name=([^,=!]+)$/.exec(fieldSelector) : null;
  return m ? m[1] : undefined;
}
