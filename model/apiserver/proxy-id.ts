/**
 * The id of a proxied object in a proxy URL (…/pods/<id>/proxy, …/nodes/<id>/proxy):
 * k8s.io/apimachinery/pkg/util/net SplitSchemeNamePort.
 */

/** SplitSchemeNamePort: "name", "name:port" or "scheme:name:port" with scheme "", http or https. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(":");
  let scheme = "";
  let name: string;
  let port = "";
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) [name, port] = [parts[0]!, parts[1]!];
  else if (parts.length === 3) [scheme, name, port] = [parts[0]!, parts[1]!, parts[2]!];
  else return undefined;
  return name.length > 0 && ["", "http", "https"].includes(scheme) ? { scheme, name, port } : undefined;
}
