/** The submission types of the built-in journeys (work demand, grievance, story), for tests that open the store. */
import { journeyRegistry } from '../../dialogs/journeys/builtIn';

export const BUILT_IN_SUBMISSION_TYPES = journeyRegistry().submissionTypes;
