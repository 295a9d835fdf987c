/**
 * The string formats checked. apiextensions keeps only the formats of its allow-list
 * (k8s.io/apiextensions-apiserver/pkg/apiserver/validation/formats.go, StripUnsupportedFormatsPostProcess) and
 * kube-openapi's strfmt registry (k8s.io/kube-openapi/pkg/validation/strfmt/default.go) validates them. The model
 * checks the cheap and common ones below; any other format (email, hostname, uri, cidr, mac, isbn, creditcard,
 * ssn, hexcolor, rgbcolor, password, duration, bsonobjectid) is accepted unchecked.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** strfmt.UUIDPattern (and its UUID3/4/5 variants, without their version digit checks). */
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const validDate = (y: string, m: string, d: string): boolean => {
  const t = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return t.getUTCFullYear() === Number(y) && t.getUTCMonth() === Number(m) - 1 && t.getUTCDate() === Number(d);
};

/** Whether a (non-IPv4-mapped) IPv6 address parses, roughly as net.ParseIP does. */
function isIPv6(s: string): boolean {
  if (!s.includes(":") || !/^[0-9a-fA-F:.]+$/.test(s)) return false;
  const double = s.split("::");
  if (double.length > 2) return false;
  const groups = (part: string) => (part === "" ? [] : part.split(":"));
  const all = [...groups(double[0]!), ...(double.length === 2 ? groups(double[1]!) : [])];
  const last = all[all.length - 1] ?? "";
  const v4 = last.includes(".");
  if (v4 && !IPV4.test(last)) return false;
  const hex = v4 ? all.slice(0, -1) : all;
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  const count = hex.length + (v4 ? 2 : 0);
  return double.length === 2 ? count < 8 : count === 8;
}

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  return m !== null && validDate(m[1]!, m[2]!, m[3]!) && Number(m[4]) < 24 && Number(m[5]) < 60 && Number(m[6]) < 61;
}

const CHECKS: Readonly<Record<string, (s: string) => boolean>> = {
  "date-time": isDateTime,
  datetime: isDateTime,
  date: (s) => {
    const m = DATE.exec(s);
    return m !== null && validDate(m[1]!, m[2]!, m[3]!);
  },
  uuid: (s) => UUID.test(s),
  uuid3: (s) => UUID.test(s),
  uuid4: (s) => UUID.test(s),
  uuid5: (s) => UUID.test(s),
  ipv4: (s) => IPV4.test(s),
  ipv6: isIPv6,
  byte: (s) => BASE64.test(s),
};

/** Whether `value` has `format` (true for a format the model does not check). */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[format];
  return check === undefined || check(value);
}
