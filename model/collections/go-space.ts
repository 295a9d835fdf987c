/**
 * Go's notion of white space, for the ports that trim input as Go does (label sets, quantities in JSON). A leaf
 * module so that the quantity and label ports, which import nothing of each other, share one definition.
 */

/** Go's unicode.IsSpace. Every space is in the BMP, so a UTF-16 code unit can stand for the rune. */
export function isGoSpace(c: number): boolean {
  switch (c) {
    case 0x09:
    case 0x0a:
    case 0x0b:
    case 0x0c:
    case 0x0d:
    case 0x20:
    case 0x85:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200a;
  }
}

/** Go's strings.TrimSpace: leading and trailing white space (unicode.IsSpace) removed. */
export function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isGoSpace(s.charCodeAt(start))) start++;
  while (end > start && isGoSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
