/**
 * Service account token secrets' contents, deterministic. Follows pkg/serviceaccount/legacy.go (LegacyClaims:
 * the claims of a secret-based token) and pkg/serviceaccount/jwt.go (a JWS compact serialization, RS256). The
 * model signs nothing: the signature part is a hash of the claims, so the same account and secret give the
 * same bytes on every run. Secret data values are base64, as the API serves them.
 */
import type { KObject } from "../../objects/types.ts";
import { suffixFor } from "../../apiserver/names.ts";
import { fnv32aCodeUnits, hex32 } from "../../collections/fnv.ts";

/** v1.SecretTypeServiceAccountToken */
export const SERVICE_ACCOUNT_TOKEN_TYPE = "kubernetes.io/service-account-token";
/** v1.ServiceAccountNameKey / ServiceAccountUIDKey */
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";
export const SERVICE_ACCOUNT_UID_ANNOTATION = "kubernetes.io/service-account.uid";
/** v1.ServiceAccountTokenKey / ServiceAccountNamespaceKey / ServiceAccountRootCAKey */
export const TOKEN_KEY = "token";
export const NAMESPACE_KEY = "namespace";
export const ROOT_CA_KEY = "ca.crt";

/** The cluster CA the controller puts in every token secret (TokensControllerOptions.RootCA). */
export const MODEL_ROOT_CA = "-----BEGIN CERTIFICATE-----\nkubeprop model cluster CA\n-----END CERTIFICATE-----\n";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const b64url = (s: string) => b64(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

/** Secret data as the API carries it (base64 of the bytes). */
export const secretData = (s: string): string => b64(s);

/**
 * The token secret's name: "<account>-token-<5 characters>" (secret.Strategy.GenerateName). The suffix is drawn
 * from the account's uid and resourceVersion instead of at random. A replacement token must not reuse the name
 * of the one it replaces: the deleted token's queued event would then unreference the new one (references are
 * by name). The account's resourceVersion moves whenever a reference is added or dropped, so it differs.
 */
export function tokenSecretName(sa: KObject): string {
  const base = `${sa.metadata.name}-token-`;
  return base.slice(0, 58) + suffixFor(fnv32aCodeUnits(`${sa.metadata.uid}#${sa.metadata.resourceVersion}`));
}

/** GenerateToken with LegacyClaims: the JWT a secret-based token carries (deterministic, unsigned). */
export function generateToken(sa: KObject, secretName: string): string {
  const ns = sa.metadata.namespace!;
  const header = { alg: "RS256", kid: "" };
  const claims = {
    iss: "kubernetes/serviceaccount",
    "kubernetes.io/serviceaccount/namespace": ns,
    "kubernetes.io/serviceaccount/secret.name": secretName,
    "kubernetes.io/serviceaccount/service-account.name": sa.metadata.name,
    "kubernetes.io/serviceaccount/service-account.uid": sa.metadata.uid,
    sub: `system:serviceaccount:${ns}:${sa.metadata.name}`,
  };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = [0, 1, 2, 3].map((i) => hex32(fnv32aCodeUnits(`${i}|${signingInput}`))).join("");
  return `${signingInput}.${b64url(signature)}`;
}
