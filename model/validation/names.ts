/**
 * String-format validators for Kubernetes names, ported from
 * k8s.io/apimachinery/pkg/util/validation/validation.go and the
 * k8s.io/apimachinery/pkg/api/validate/content package it delegates to
 * (kube.go: IsLabelKey/IsLabelValue, dns.go: IsDNS1123Label/IsDNS1123Subdomain,
 * errors.go: MaxLenError/RegexError/EmptyError/InclusiveRangeError).
 *
 * Every validator returns the list of error messages, worded exactly as
 * Kubernetes words them, and an empty list when the value is valid.
 * Lengths are UTF-8 byte lengths, as Go's len() counts them.
 */

/**
 * UTF-8 byte length of a string, i.e. what Go's `len(s)` returns for the same text.
 * Lone surrogates count as 3 bytes (they encode as U+FFFD).
 */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) n += 1;
    else if (cp < 0x800) n += 2;
    else if (cp < 0x10000) n += 3;
    else n += 4;
  }
  return n;
}

// ---- error wording (validation.go: MaxLenError, RegexError, EmptyError, InclusiveRangeError) ----

/** Follows MaxLenError: "must be no more than N characters". */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/**
 * Follows RegexError, including its spacing quirk: with examples the text reads
 * `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')`.
 */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = msg + " (e.g. ";
  examples.forEach((ex, i) => {
    if (i > 0) out += " or ";
    out += `'${ex}', `;
  });
  return out + `regex used for validation is '${fmt}')`;
}

/** Follows EmptyError: "must be non-empty". */
export function emptyError(): string {
  return "must be non-empty";
}

/** Follows InclusiveRangeError: "must be between lo and hi, inclusive". */
export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

// ---- qualified names / label keys and values (content/kube.go) ----

const labelKeyCharFmt = "[A-Za-z0-9]";
const labelKeyExtCharFmt = "[-A-Za-z0-9_.]";
const labelKeyFmt = "(" + labelKeyCharFmt + labelKeyExtCharFmt + "*)?" + labelKeyCharFmt;
const labelKeyErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelKeyMaxLength = 63;
const labelKeyRegexp = new RegExp("^" + labelKeyFmt + "$");

/** Max length of a label value (LabelValueMaxLength). */
export const LABEL_VALUE_MAX_LENGTH = 63;
const labelValueFmt = "(" + labelKeyFmt + ")?";
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueRegexp = new RegExp("^" + labelValueFmt + "$");

/**
 * Whether `value` is a "qualified name" (a label key): an optional DNS-1123
 * subdomain prefix and `/`, then a name of at most 63 characters.
 * Follows validation.IsQualifiedName = content.IsLabelKey (content/kube.go).
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split("/");
  let name: string;
  switch (parts.length) {
    case 1:
      name = parts[0]!;
      break;
    case 2: {
      const prefix = parts[0]!;
      name = parts[1]!;
      if (prefix.length === 0) {
        errs.push("prefix part " + emptyError());
      } else {
        const msgs = isDNS1123Subdomain(prefix);
        if (msgs.length !== 0) errs.push(...msgs.map((m) => "prefix part " + m));
      }
      break;
    }
    default:
      errs.push(
        "a valid label key " +
          regexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc") +
          " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      );
      return errs;
  }
  if (name.length === 0) {
    errs.push("name part " + emptyError());
  } else if (utf8Length(name) > labelKeyMaxLength) {
    errs.push("name part " + maxLenError(labelKeyMaxLength));
  }
  if (!labelKeyRegexp.test(name)) {
    errs.push("name part " + regexError(labelKeyErrMsg, labelKeyFmt, "MyName", "my.name", "123-abc"));
  }
  return errs;
}

/**
 * Whether `value` is a valid label value: empty, or at most 63 characters of
 * alphanumerics, '-', '_' and '.', starting and ending alphanumeric.
 * Follows validation.IsValidLabelValue = content.IsLabelValue (content/kube.go).
 */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRegexp.test(value)) {
    errs.push(regexError(labelValueErrMsg, labelValueFmt, "MyValue", "my_value", "12345"));
  }
  return errs;
}

// ---- DNS names (validation.go / content/dns.go) ----

const dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
/** Max length of a DNS-1123 label (DNS1123LabelMaxLength). */
export const DNS1123_LABEL_MAX_LENGTH = 63;
const dns1123LabelRegexp = new RegExp("^" + dns1123LabelFmt + "$");

const dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*";
const dns1123SubdomainErrorMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
/** Max length of a DNS-1123 subdomain (DNS1123SubdomainMaxLength). */
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const dns1123SubdomainRegexp = new RegExp("^" + dns1123SubdomainFmt + "$");

const dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
/** Max length of a DNS-1035 label (DNS1035LabelMaxLength). */
export const DNS1035_LABEL_MAX_LENGTH = 63;
const dns1035LabelRegexp = new RegExp("^" + dns1035LabelFmt + "$");

/**
 * Whether `value` is an RFC 1123 label (lower-case alphanumerics and '-', ≤63 bytes).
 * A valid subdomain that is not a label is reported as "must not contain dots".
 * Follows IsDNS1123Label.
 */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!dns1123LabelRegexp.test(value)) {
    if (dns1123SubdomainRegexp.test(value)) {
      // A valid subdomain but not a valid label: since length was already checked, it must be dots.
      errs.push("must not contain dots");
    } else {
      errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, "my-name", "123-abc"));
    }
  }
  return errs;
}

/**
 * Whether `value` is an RFC 1123 subdomain (labels joined by '.', ≤253 bytes).
 * Follows IsDNS1123Subdomain.
 */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRegexp.test(value)) {
    errs.push(regexError(dns1123SubdomainErrorMsg, dns1123SubdomainFmt, "example.com"));
  }
  return errs;
}

/**
 * Whether `value` is an RFC 1035 label (like a DNS-1123 label but starting with a letter).
 * Follows IsDNS1035Label.
 */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRegexp.test(value)) {
    errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, "my-name", "abc-123"));
  }
  return errs;
}

// ---- ports (validation.go: IsValidPortNum, IsValidPortName) ----

/**
 * Whether `port` is a valid, non-zero port number (1..65535). Go takes an int;
 * a non-integer number is reported with the same range error.
 * Follows IsValidPortNum.
 */
export function isValidPortNum(port: number): string[] {
  if (Number.isInteger(port) && 1 <= port && port <= 65535) return [];
  return [inclusiveRangeError(1, 65535)];
}

const portNameCharsetRegex = /^[-a-z0-9]+$/;
const portNameOneLetterRegexp = /[a-z]/;

/**
 * Whether `port` is a valid IANA service name: non-empty, ≤15 characters of
 * [-a-z0-9], at least one letter, no leading/trailing or doubled hyphen.
 * Follows IsValidPortName.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!portNameCharsetRegex.test(port)) {
    errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!portNameOneLetterRegexp.test(port)) errs.push("must contain at least one letter (a-z)");
  if (port.includes("--")) errs.push("must not contain consecutive hyphens");
  if (port.length > 0 && (port.startsWith("-") || port.endsWith("-"))) {
    errs.push("must not begin or end with a hyphen");
  }
  return errs;
}

// ---- generateName prefixes (pkg/api/validation/generic.go: maskTrailingDash) ----

/**
 * Replaces a trailing dash (and the byte before it) with "a", so that a
 * generateName prefix such as "foo-" validates as a name ("foa").
 * Strings of one byte or less are returned unchanged ("-" stays "-").
 * Follows maskTrailingDash: `name[:len(name)-2] + "a"` when len(name) > 1
 * and name ends in "-"; slicing is by UTF-8 byte, as in Go.
 */
export function maskTrailingDash(name: string): string {
  if (utf8Length(name) > 1 && name.endsWith("-")) {
    const bytes = new TextEncoder().encode(name);
    return new TextDecoder().decode(bytes.subarray(0, bytes.length - 2)) + "a";
  }
  return name;
}

// ---- config keys, environment variable names, HTTP headers, user IDs (validation.go) ----

/** Follows hasChDirPrefix: ".", ".." and names starting with ".." are refused (they would walk directories). */
export function hasChDirPrefix(value: string): string[] {
  if (value === ".") return ["must not be '.'"];
  if (value === "..") return ["must not be '..'"];
  if (value.startsWith("..")) return ["must not start with '..'"];
  return [];
}

const configMapKeyFmt = "[-._a-zA-Z0-9]+";
const configMapKeyRegexp = new RegExp("^" + configMapKeyFmt + "$");

/** Whether `value` may be a ConfigMap or Secret key (a file name in a volume). Follows IsConfigMapKey. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!configMapKeyRegexp.test(value)) {
    errs.push(
      regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", configMapKeyFmt, "key.name", "KEY_NAME", "key-name"),
    );
  }
  return [...errs, ...hasChDirPrefix(value)];
}

const envVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
const envVarNameRegexp = new RegExp("^" + envVarNameFmt + "$");

/** Whether `value` is a valid environment variable name. Follows IsEnvVarName (the strict, default form). */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!envVarNameRegexp.test(value)) {
    errs.push(
      regexError(
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        envVarNameFmt,
        "my.env-name",
        "MY_ENV.NAME",
        "MyEnvName1",
      ),
    );
  }
  return [...errs, ...hasChDirPrefix(value)];
}

const httpHeaderNameFmt = "[-A-Za-z0-9]+";
const httpHeaderNameRegexp = new RegExp("^" + httpHeaderNameFmt + "$");

/** Follows IsHTTPHeaderName. */
export function isHTTPHeaderName(value: string): string[] {
  return httpHeaderNameRegexp.test(value)
    ? []
    : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", httpHeaderNameFmt, "X-Header-Name")];
}

const MAX_INT32 = 2147483647;

/** Follows IsValidUserID (and IsValidGroupID, which has the same range): 0..MaxInt32. */
export function isValidUserID(uid: number): string[] {
  return Number.isInteger(uid) && uid >= 0 && uid <= MAX_INT32 ? [] : [inclusiveRangeError(0, MAX_INT32)];
}
