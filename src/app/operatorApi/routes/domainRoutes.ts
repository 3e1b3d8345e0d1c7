/**
 * The operator API's domain routes, one file each: submissions, messages, conversations and people,
 * broadcasts, communities. The composition root passes the services they share (`OperatorServices`).
 */
import type { OperatorServices } from '../operatorServices';
import type { OperatorRoute } from '../route';
import { broadcastRoutes } from './broadcastRoutes';
import { communityRoutes } from './communityRoutes';
import { contactRoutes } from './contactRoutes';
import { conversationRoutes } from './conversationRoutes';
import { erasureRoutes } from './erasureRoutes';
import { messageRoutes } from './messageRoutes';
import { peopleRoutes } from './peopleRoutes';
import { submissionCountRoutes } from './submissionCountRoutes';
import { submissionRoutes } from './submissionRoutes';
import { submitterRoutes } from './submitterRoutes';

export function domainRoutes(services: OperatorServices): OperatorRoute[] {
  return [
    ...submissionCountRoutes(services),
    ...submissionRoutes(services),
    ...contactRoutes(services),
    ...submitterRoutes(services),
    ...communityRoutes(services),
    ...messageRoutes(services),
    ...conversationRoutes(services),
    ...peopleRoutes(services),
    ...broadcastRoutes(services),
    ...erasureRoutes({
      ...services,
      state: services.stateDocuments,
      memberships: services.journeys.memberships,
    }),
  ];
}
