/** The admission chain's plug-in interface (follows k8s.io/apiserver/pkg/admission/interfaces.go). */
import type { State } from "../../state.ts";
import type { KObject } from "../../objects/types.ts";
import type { ResourceInfo } from "../resources.ts";
import type { Status } from "../status.ts";

export interface AdmissionAttributes {
  readonly operation: "CREATE" | "UPDATE" | "DELETE";
  readonly resource: ResourceInfo;
  readonly namespace: string;
  readonly name: string;
  readonly subresource?: string;
  /** The new object (CREATE, UPDATE); undefined for DELETE. */
  readonly object?: KObject;
  readonly oldObject?: KObject;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Mutating phase: may return a changed object, or a Status to refuse. */
  admit?(state: State, a: AdmissionAttributes): KObject | Status | undefined;
  /** Validating phase: a Status refuses the request. */
  validate?(state: State, a: AdmissionAttributes): Status | undefined;
  /** Validating phase whose decision comes with writes (ResourceQuota's status.used charge): the state after them, or a Status. */
  validateAndCharge?(state: State, a: AdmissionAttributes): State | Status;
}
