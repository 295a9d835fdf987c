/**
 * What a URL path names, as the API server reads it (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go,
 * RequestInfoFactory.NewRequestInfo): /api/v1/... is the core group, /apis/{group}/{version}/... the others;
 * "namespaces/{ns}/{resource}..." scopes a namespaced resource, except that "namespaces/{name}/status" and
 * "namespaces/{name}/finalize" are subresources of the Namespace itself. Anything else is a non-resource path
 * (/version, /api, /apis, /openapi/v3, /healthz).
 */
export type RequestInfo =
  | { readonly isResource: false; readonly path: string }
  | {
      readonly isResource: true;
      readonly group: string;
      readonly version: string;
      readonly namespace?: string;
      readonly resource: string;
      readonly name?: string;
      readonly subresource?: string;
      /** Path segments after the subresource (pods/proxy/{path}). */
      readonly rest: readonly string[];
    };

/**
 * Why a request's raw path (as sent, before URL normalization) cannot be read, or undefined when it can. WHATWG URL
 * parsing (which the handler uses) resolves "." and ".." segments, also percent-encoded ones and ones behind a
 * backslash, so ".../configmaps/.." would silently address the namespace above it (and DELETE it): a segment that is
 * "." or ".." is refused, as the API server refuses such names (apimachinery/pkg/api/validation/path/name.go,
 * IsValidPathSegmentName: "may not be '..'"). A percent-escape that does not decode is refused as Go's url.Parse
 * refuses it (net/url EscapeError: invalid URL escape "%ZZ").
 */
export function rawPathProblem(rawUrl: string): string | undefined {
  const path = rawUrl.split("?")[0]!;
  for (const seg of path.split(/[/\\]/)) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(seg);
    } catch {
      // Go's unescape names the first '%' not followed by two hex digits, with the two characters after it.
      const i = seg.search(/%(?![0-9a-fA-F]{2})/);
      if (i >= 0) return `invalid URL escape "${seg.slice(i, i + 3)}"`;
      // Well-formed escapes of bytes that are not UTF-8: a name cannot hold them.
      return `invalid path segment "${seg}": not UTF-8`;
    }
    if (decoded === "." || decoded === "..") return `invalid path segment "${seg}": may not be '${decoded}'`;
  }
  return undefined;
}

/** Namespace subresources (requestinfo.go namespaceSubresources). */
const NAMESPACE_SUBRESOURCES = new Set(["status", "finalize"]);

export function requestInfo(path: string): RequestInfo {
  const parts = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
  let rest: string[];
  let group: string;
  let version: string;
  if (parts[0] === "api" && parts.length >= 3) {
    group = "";
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === "apis" && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return { isResource: false, path: "/" + parts.join("/") };
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
    else namespace = undefined;
  }
  const [resource, name, subresource, ...tail] = rest;
  return {
    isResource: true,
    group,
    version,
    ...(namespace !== undefined ? { namespace } : {}),
    resource: resource!,
    ...(name !== undefined ? { name } : {}),
    ...(subresource !== undefined ? { subresource } : {}),
    rest: tail,
  };
}
