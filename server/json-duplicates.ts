/**
 * The keys a JSON text gives twice in one object, which JSON.parse hides (it keeps the last). The API server's
 * decoder (sigs.k8s.io/json UnmarshalStrict, DisallowDuplicateFields) reports each as a strict decoding error
 * `duplicate field "spec.paused"`, its path written as the strict errors write it: keys joined by ".", list
 * elements as "[i]" (kubernetes_patch.go appendStrictFieldStackKey/Index). The model decides which of them count
 * (model/apiserver/builtin-schema/strict-decode.ts): the paths are passed on in the request.
 *
 * Runs on text JSON.parse has accepted, so it only tracks strings, nesting and keys.
 */

/** The paths of duplicate keys in document order (at the second occurrence), each once. */
export function duplicateJsonFields(text: string): string[] {
  const out: string[] = [];
  const seenOut = new Set<string>();
  // One frame per open object or array: its path, and for an object the keys seen, for an array the next index.
  const stack: Array<{ path: string; keys?: Set<string>; index: number; expectKey: boolean; pendingKey?: string }> = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (top === undefined) return "";
    if (top.keys) return top.path ? `${top.path}.${top.pendingKey}` : (top.pendingKey ?? "");
    return `${top.path}[${top.index}]`;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key) && !seenOut.has(path)) {
          seenOut.add(path);
          out.push(path);
        }
        top.keys.add(key);
        top.pendingKey = key;
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === "{" || c === "[") {
      stack.push({ path: childPath(), index: 0, expectKey: c === "{", ...(c === "{" ? { keys: new Set<string>() } : {}) });
    } else if (c === "}" || c === "]") {
      stack.pop();
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.index++;
    }
    i++;
  }
  return out;
}
