/**
 * The paging and resourceVersion options of a list, and where and at which revision a list reads. Follows
 * k8s.io/apimachinery/pkg/apis/meta/internalversion/validation (ValidateListOptions) and
 * k8s.io/apiserver/pkg/storage/etcd3/store.go (GetList: the continue / resourceVersion switch, interpretListError,
 * validateMinimumResourceVersion).
 *
 * Abstraction: the model's store keeps no per-key history (model/store/store.ts), so a read "at" an older,
 * not yet compacted revision — a continued page, or resourceVersionMatch=Exact — is answered from the current
 * data. What stays exact is what a client can observe of the revision: a token or resourceVersion below the
 * compaction point is refused (410) as etcd refuses it, and the list reports the revision it was asked at.
 */
import type { State } from "../state.ts";
import { ERR_FUTURE_REV } from "../store/store.ts";
import { forbidden as forbiddenField, notSupported, type FieldError } from "../validation/field-error.ts";
import { decodeContinue, encodeContinue } from "./continue.ts";
import { badRequest, invalidStatus, resourceExpired, tooLargeResourceVersion, unknownError, type Status } from "./status.ts";

/** The list options of a request (metav1.ListOptions' paging and resourceVersion fields). */
export interface ListPaging {
  /** The most items to return; 0, negative or absent: no paging (GetList pages only when limit > 0). */
  readonly limit?: number;
  /** A token from a previous page's metadata.continue. */
  readonly continue?: string;
  readonly resourceVersion?: string;
  /** "Exact" or "NotOlderThan" (anything else is 422, as ValidateListOptions answers). */
  readonly resourceVersionMatch?: string;
}

/** Where a list reads: from which key, at which revision (0 = the current one), how many matching items. */
export interface ListPlan {
  /** The first key to read (a continue token's start), or undefined for the start of the prefix. */
  readonly startKey?: string;
  /** The revision the list is served at and reports (GetList's withRev), 0 for the current revision. */
  readonly withRev: number;
  /** The page size; 0 when not paging. */
  readonly limit: number;
}

/** etcd3/errors.go's messages for a list from a compacted revision. */
export const EXPIRED_LIST = "The resourceVersion for the provided list is too old.";
export const INCONSISTENT_CONTINUE =
  "The provided continue parameter is too old to display a consistent list result. You can start a new list " +
  "without the continue parameter, or use the continue token in this response to retrieve the remainder of the " +
  "results. Continuing with the provided token results in an inconsistent list - objects that were created, " +
  "modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/** ValidateListOptions for a list (not a watch): the resourceVersionMatch rules. */
export function validateListOptions(o: ListPaging): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (match) {
    if (!o.resourceVersion) errs.push(forbiddenField("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
    if (o.continue) errs.push(forbiddenField("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
    if (match !== "Exact" && match !== "NotOlderThan") errs.push(notSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]));
    if (match === "Exact" && o.resourceVersion === "0") {
      errs.push(forbiddenField("resourceVersionMatch", 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  return errs;
}

/**
 * APIObjectVersioner.ParseResourceVersion: "" and "0" are 0, otherwise an unsigned decimal; the error is the
 * field error GetList wraps as "invalid resource version: ...".
 */
export function parseResourceVersion(rv: string): number | string {
  if (rv === "" || rv === "0") return 0;
  if (!/^[0-9]+$/.test(rv)) return `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`;
  const n = Number(rv);
  if (!Number.isSafeInteger(n)) return `resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: value out of range`;
  return n;
}

/** Plans a list under keyPrefix, or the Status that refuses its options. */
export function planList(state: State, keyPrefix: string, o: ListPaging): ListPlan | Status {
  const errs = validateListOptions(o);
  // handlers/get.go (ListResource): NewInvalid(schema.GroupKind{Group: metav1.GroupName, Kind: "ListOptions"}, "", errs)
  if (errs.length > 0) return invalidStatus("meta.k8s.io", "ListOptions", "", errs);
  const limit = o.limit !== undefined && o.limit > 0 ? Math.floor(o.limit) : 0;
  const rvText = o.resourceVersion ?? "";
  const fromRV = rvText.length > 0 ? parseResourceVersion(rvText) : undefined;
  if (typeof fromRV === "string") return badRequest(`invalid resource version: ${fromRV}`);

  let withRev = 0;
  let startKey: string | undefined;
  const continuing = (o.continue ?? "").length > 0;
  if (continuing) {
    const d = decodeContinue(o.continue!, keyPrefix);
    if (!d.ok) return badRequest(`invalid continue token: ${d.error}`);
    if (rvText.length > 0 && rvText !== "0") return badRequest("specifying resource version is not allowed when using continue");
    startKey = d.fromKey;
    // continueRV > 0: the revision of the first page; < 0: "the latest", as the token of a 410 says.
    if (d.rv > 0) withRev = d.rv;
  } else if (fromRV !== undefined) {
    if (o.resourceVersionMatch === "Exact") withRev = fromRV;
    else if (!o.resourceVersionMatch && limit > 0 && fromRV > 0) withRev = fromRV; // the legacy case
  }

  const store = state.store;
  if (withRev > 0 && withRev < store.compactRevision) {
    // interpretListError: ErrCompacted. A continued list gets a fresh token to go on at the latest revision.
    if (!continuing) return resourceExpired(EXPIRED_LIST);
    const token = encodeContinue(startKey!, keyPrefix, -1);
    const st = resourceExpired(INCONSISTENT_CONTINUE);
    return token === undefined ? st : { ...st, metadata: { continue: token } };
  }
  // etcd's ErrFutureRev, which GetList passes on as a plain error (a 500 with etcd's text).
  if (withRev > store.revision) return unknownError(`etcdserver: ${ERR_FUTURE_REV}`);
  // validateMinimumResourceVersion: the data must be at least as new as the resourceVersion asked for.
  if (typeof fromRV === "number" && fromRV > store.revision) return tooLargeResourceVersion(fromRV, store.revision);
  return startKey !== undefined ? { startKey, withRev, limit } : { withRev, limit };
}
