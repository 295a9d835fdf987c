/**
 * The service account tokens controller: every ServiceAccount gets a token Secret, which goes when the account
 * goes. Follows pkg/controller/serviceaccount/tokens_controller.go as it was while token secrets were
 * generated automatically (before LegacyServiceAccountTokenNoAutoGeneration, Kubernetes 1.24):
 * - two queues, one for accounts (key namespace/name/uid), one for token secrets (namespace/name/uid plus the
 *   account name and uid from the secret's annotations); the model keeps both in one work queue with "sa/" and
 *   "secret/" prefixes. The secrets informer watches only type=kubernetes.io/service-account-token;
 * - syncServiceAccount: an account gone from the cache has its tokens deleted (with a uid precondition, so a
 *   new secret of the same name is never hit); an existing one gets a token unless a token it references
 *   exists (ensureReferencedToken). The token is created only if the live account still has the cached
 *   resourceVersion (a stale view would add a second token), then referenced from the account's secrets; if
 *   that update fails the token is deleted again, so no unreferenced token is left behind;
 * - syncSecret: a token whose account is gone (cache, then live) is deleted; a token missing its token,
 *   namespace or CA data is filled in (generateTokenIfNeeded); a deleted token is unreferenced from its account;
 * - failures are retried rate limited, at most 10 times per key (maxRetries), then forgotten.
 */
import type { ComponentBehavior } from "../../components/behavior.ts";
import type { ComponentState, State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import { btreeSet } from "../../collections/btree.ts";
import { cacheGet, cacheList } from "../../informers/cache.ts";
import { callApi, type RequestContext } from "../../client.ts";
import { isStatus, type Status } from "../../apiserver/status.ts";
import { updateComponent } from "../../components/update.ts";
import { metaNamespaceKey } from "../../objects/types.ts";
import { addAfter } from "../../informers/delaying-queue.ts";
import {
  MODEL_ROOT_CA,
  NAMESPACE_KEY,
  ROOT_CA_KEY,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
  SERVICE_ACCOUNT_TOKEN_TYPE,
  SERVICE_ACCOUNT_UID_ANNOTATION,
  TOKEN_KEY,
  generateToken,
  secretData,
  tokenSecretName,
} from "./tokens-generator.ts";

export const TOKENS_CONTROLLER_KIND = "serviceaccount-tokens-controller";
export const TOKENS_CONTROLLER_ID = "kube-controller-manager/serviceaccount-token";

/** TokensControllerOptions.MaxRetries default. */
export const TOKENS_MAX_RETRIES = 10;

/** DefaultControllerRateLimiter's per-item back-off: 5 ms doubling, at most 1000 s. */
const RETRY_BASE = 0.005;
const RETRY_MAX = 1000;

export interface TokensControllerMemory {
  /** NumRequeues per key, forgotten on success or after maxRetries. */
  readonly retries: Readonly<Record<string, number>>;
}

const SA_PREFIX = "sa/";
const SECRET_PREFIX = "secret/";

/** makeServiceAccountKey */
const saKey = (sa: KObject) => `${SA_PREFIX}${sa.metadata.namespace}/${sa.metadata.name}/${sa.metadata.uid}`;
/** makeSecretQueueKey */
const secretKey = (s: KObject) =>
  `${SECRET_PREFIX}${s.metadata.namespace}/${s.metadata.name}/${s.metadata.uid}/${s.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION] ?? ""}/${s.metadata.annotations?.[SERVICE_ACCOUNT_UID_ANNOTATION] ?? ""}`;

/** A sync's requests, and the component whose caches it reads. */
interface Ctx extends RequestContext {
  readonly c: ComponentState;
}

/** IsServiceAccountToken: a token secret naming this account (and its uid, when the secret records one). */
function isTokenOf(secret: KObject, sa: { metadata: { name?: string; uid?: string } }): boolean {
  if (secret.type !== SERVICE_ACCOUNT_TOKEN_TYPE) return false;
  const a = secret.metadata.annotations ?? {};
  if (a[SERVICE_ACCOUNT_NAME_ANNOTATION] !== sa.metadata.name) return false;
  const uid = a[SERVICE_ACCOUNT_UID_ANNOTATION];
  return !uid || uid === sa.metadata.uid;
}

/** getServiceAccount: the cached account with this uid; with fetchOnCacheMiss, a live read on a miss. */
function getServiceAccount(ctx: Ctx, ns: string, name: string, uid: string, fetchOnCacheMiss: boolean): KObject | undefined | Status {
  const cached = cacheGet(ctx.c, "serviceaccounts", `${ns}/${name}`);
  if (cached && (!uid || cached.metadata.uid === uid)) return cached;
  if (!fetchOnCacheMiss) return undefined;
  const live = callApi(ctx, { verb: "get", resource: "serviceaccounts", namespace: ns, name });
  if (isStatus(live)) return live.code === 404 ? undefined : live;
  return !uid || live.metadata.uid === uid ? live : undefined;
}

/** listTokenSecrets: the cached token secrets of an account. */
const listTokenSecrets = (c: ComponentState, sa: { metadata: { namespace?: string; name?: string; uid?: string } }) =>
  cacheList(c, "secrets", sa.metadata.namespace).filter((s) => isTokenOf(s, sa));

/** deleteToken: a uid-preconditioned delete; NotFound and Conflict are fine (gone, or a different secret now). */
function deleteToken(ctx: Ctx, ns: string, name: string, uid: string): boolean {
  const r = callApi(ctx, { verb: "delete", resource: "secrets", namespace: ns, name, ...(uid ? { preconditions: { uid } } : {}) });
  return isStatus(r) && r.code !== 404 && r.code !== 409;
}

/** ensureReferencedToken; returns whether to retry. */
function ensureReferencedToken(ctx: Ctx, sa: KObject): boolean {
  const referenced = new Set<string>((sa.secrets as { name?: string }[] | undefined ?? []).map((r) => r.name ?? ""));
  const tokens = listTokenSecrets(ctx.c, sa);
  if (referenced.size > 0 && tokens.some((t) => referenced.has(t.metadata.name!))) return false;

  const ns = sa.metadata.namespace!;
  const live = callApi(ctx, { verb: "get", resource: "serviceaccounts", namespace: ns, name: sa.metadata.name! });
  if (isStatus(live)) return live.code !== 404;
  // our view of the account is not up to date: an update event will bring it back
  if (live.metadata.resourceVersion !== sa.metadata.resourceVersion) return false;

  const name = tokenSecretName(live);
  const secret: KObject = {
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name,
      namespace: ns,
      annotations: { [SERVICE_ACCOUNT_NAME_ANNOTATION]: sa.metadata.name!, [SERVICE_ACCOUNT_UID_ANNOTATION]: sa.metadata.uid! },
    },
    type: SERVICE_ACCOUNT_TOKEN_TYPE,
    data: { [TOKEN_KEY]: secretData(generateToken(sa, name)), [NAMESPACE_KEY]: secretData(ns), [ROOT_CA_KEY]: secretData(MODEL_ROOT_CA) },
  };
  const created = callApi(ctx, { verb: "create", resource: "secrets", namespace: ns, object: secret });
  if (isStatus(created)) return true;
  // Manually add the new token to the cache, so that the account update below does not make another token
  // when its event arrives before the secret's.
  ctx.state = updateComponent(ctx.state, ctx.c.id, (cur) => {
    const inf = cur.informers.secrets;
    return inf ? { ...cur, informers: { ...cur.informers, secrets: { ...inf, cache: btreeSet(inf.cache, metaNamespaceKey(created), created) } } } : cur;
  });
  const secrets = [...((live.secrets as object[] | undefined) ?? []), { name }];
  const updated = callApi(ctx, { verb: "update", resource: "serviceaccounts", namespace: ns, name: sa.metadata.name!, object: { ...live, secrets } });
  if (!isStatus(updated)) return false;
  // we weren't able to use the token, try to clean it up
  deleteToken(ctx, ns, name, created.metadata.uid!);
  // Conflict: someone else updated the account, an event follows. NotFound: the account is gone.
  return updated.code !== 409 && updated.code !== 404;
}

/** secretUpdateNeeded: what a token secret lacks. */
function updateNeeded(secret: KObject): { ca: boolean; namespace: boolean; token: boolean } {
  const data = (secret.data as Record<string, string> | undefined) ?? {};
  return { ca: data[ROOT_CA_KEY] !== secretData(MODEL_ROOT_CA), namespace: !data[NAMESPACE_KEY], token: !data[TOKEN_KEY] };
}

/** generateTokenIfNeeded; returns whether to retry. */
function generateTokenIfNeeded(ctx: Ctx, sa: KObject, cached: KObject): boolean {
  const n = updateNeeded(cached);
  if (!n.ca && !n.namespace && !n.token) return false;
  const live = callApi(ctx, { verb: "get", resource: "secrets", namespace: cached.metadata.namespace!, name: cached.metadata.name! });
  if (isStatus(live)) return live.code !== 404;
  if (live.metadata.resourceVersion !== cached.metadata.resourceVersion) return false;
  const m = updateNeeded(live);
  if (!m.ca && !m.namespace && !m.token) return false;
  const data: Record<string, string> = { ...((live.data as Record<string, string> | undefined) ?? {}) };
  if (m.ca) data[ROOT_CA_KEY] = secretData(MODEL_ROOT_CA);
  if (m.namespace) data[NAMESPACE_KEY] = secretData(live.metadata.namespace!);
  if (m.token) data[TOKEN_KEY] = secretData(generateToken(sa, live.metadata.name!));
  const annotations = { ...(live.metadata.annotations ?? {}), [SERVICE_ACCOUNT_NAME_ANNOTATION]: sa.metadata.name!, [SERVICE_ACCOUNT_UID_ANNOTATION]: sa.metadata.uid! };
  const r = callApi(ctx, { verb: "update", resource: "secrets", namespace: live.metadata.namespace!, name: live.metadata.name!, object: { ...live, metadata: { ...live.metadata, annotations }, data } });
  return isStatus(r) && r.code !== 409 && r.code !== 404;
}

/** removeSecretReference (under RetryOnConflict): the account without the deleted secret in its secrets. */
function removeSecretReference(ctx: Ctx, ns: string, saName: string, saUID: string, secretName: string): void {
  for (let attempt = 0; attempt < 10; attempt++) {
    const sa = callApi(ctx, { verb: "get", resource: "serviceaccounts", namespace: ns, name: saName });
    if (isStatus(sa)) return;
    if (saUID && sa.metadata.uid !== saUID) return;
    const refs = (sa.secrets as { name?: string }[] | undefined) ?? [];
    if (!refs.some((r) => r.name === secretName)) return;
    const r = callApi(ctx, { verb: "update", resource: "serviceaccounts", namespace: ns, name: saName, object: { ...sa, secrets: refs.filter((x) => x.name !== secretName) } });
    if (!isStatus(r) || r.code !== 409) return;
  }
}

/** syncServiceAccount; returns whether to retry. */
function syncServiceAccount(ctx: Ctx, ns: string, name: string, uid: string): boolean {
  const sa = getServiceAccount(ctx, ns, name, uid, false);
  if (isStatus(sa)) return true;
  if (sa) return ensureReferencedToken(ctx, sa);
  // the account no longer exists: delete its tokens
  let retry = false;
  for (const t of listTokenSecrets(ctx.c, { metadata: { namespace: ns, name, uid } })) {
    if (deleteToken(ctx, ns, t.metadata.name!, t.metadata.uid!)) retry = true;
  }
  return retry;
}

/** syncSecret; returns whether to retry. */
function syncSecret(ctx: Ctx, ns: string, name: string, uid: string, saName: string, saUID: string): boolean {
  const cached = cacheGet(ctx.c, "secrets", `${ns}/${name}`);
  const secret = cached && (!uid || cached.metadata.uid === uid) ? cached : undefined;
  if (!secret) {
    // the token is gone: drop the account's reference to it
    const sa = getServiceAccount(ctx, ns, saName, saUID, false);
    if (sa && !isStatus(sa)) removeSecretReference(ctx, ns, saName, saUID, name);
    return false;
  }
  const sa = getServiceAccount(ctx, ns, saName, saUID, true);
  if (isStatus(sa)) return true;
  if (!sa) return deleteToken(ctx, ns, name, uid);
  return generateTokenIfNeeded(ctx, sa, secret);
}

/** retryOrForget */
function retryOrForget(state: State, id: string, key: string, retry: boolean): State {
  return updateComponent<TokensControllerMemory>(state, id, (c) => {
    const cur = c.memory.retries;
    const count = cur[key] ?? 0;
    if (!(key in cur) && !retry) return c;
    const retries = { ...cur };
    if (retry && count < TOKENS_MAX_RETRIES) retries[key] = count + 1;
    else delete retries[key];
    return { ...c, memory: { retries } };
  });
}

/** The tokens controller's behaviour (kind "serviceaccount-tokens-controller"). */
export const tokensController: ComponentBehavior<TokensControllerMemory> = {
  kind: TOKENS_CONTROLLER_KIND,
  source: "pkg/controller/serviceaccount/tokens_controller.go",
  watches: () => [{ resource: "serviceaccounts" }, { resource: "secrets", fieldSelector: `type=${SERVICE_ACCOUNT_TOKEN_TYPE}` }],
  keysFor: (resource, ev) => [resource === "serviceaccounts" ? saKey(ev.object) : secretKey(ev.object)],
  reconcile(state, c, key, log) {
    const ctx: Ctx = { state, c, log };
    let retry: boolean;
    if (key.startsWith(SA_PREFIX)) {
      const [ns, name, uid] = key.slice(SA_PREFIX.length).split("/");
      if (!ns || !name || !uid) return { state }; // invalid key: dropped, as parseServiceAccountKey's error is
      retry = syncServiceAccount(ctx, ns, name, uid);
    } else {
      const [ns, name, uid, saName, saUID] = key.slice(SECRET_PREFIX.length).split("/");
      if (!ns || !name || !uid || !saName) return { state };
      retry = syncSecret(ctx, ns, name, uid, saName, saUID ?? "");
    }
    const count = c.memory.retries[key] ?? 0;
    const s = retryOrForget(ctx.state, c.id, key, retry);
    // AddRateLimited after a failure, up to maxRetries; a back-off does not hold settle open.
    return { state: retry && count < TOKENS_MAX_RETRIES ? addAfter(s, c.id, key, Math.min(RETRY_BASE * 2 ** count, RETRY_MAX), true) : s };
  },
  initialMemory: () => ({ retries: {} }),
};
