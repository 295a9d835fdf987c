/**
 * Kubernetes label selectors (k8s.io/apimachinery/pkg/labels and
 * metav1.LabelSelectorAsSelector): public API of model/labels.
 */
export {
  type Labels,
  type Operator,
  type Requirement,
  Operators,
  FieldErrorsError,
  newRequirement,
  requirementMatches,
  requirementString,
  requirementEqual,
  validRequirementOperators,
} from "./requirement.ts";
export {
  type Selector,
  addRequirements,
  everything,
  isSelectable,
  matchesNothing,
  nothing,
  parseSelector,
  selectorFromRequirements,
  selectorFromSet,
  validatedSelectorFromSet,
} from "./selector.ts";
export { SelectorParseError, parseToRequirements } from "./parser.ts";
export {
  type LabelSet,
  conflicts,
  convertSelectorToLabelsMap,
  formatLabels,
  getLabel,
  hasLabel,
  labelsEqual,
  labelsSetString,
  merge,
} from "./set.ts";
export {
  type LabelSelector,
  type LabelSelectorRequirement,
  labelSelectorAsSelector,
  labelSelectorAsSelectorCached,
  labelSelectorMatches,
} from "./label-selector.ts";
