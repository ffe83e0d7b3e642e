/*
 * Building blocks shared by every delivery record: timestamps, links and the
 * warnings a translator attaches when upstream data did not fit the model.
 * Nothing here knows about a particular CI/CD system.
 */
import { z } from 'zod';

/** An RFC 3339 timestamp, as Kubernetes writes them (`2025-01-31T12:00:00Z`). */
export const IsoDateTimeSchema = z.string().datetime({ offset: true });

/** A link to a page outside Portolan (a pull request, a build log, an app URL). */
export const DeliveryLinkSchema = z.object({
  title: z.string(),
  url: z.string(),
});
/** A link to a page outside Portolan. */
export type DeliveryLink = z.infer<typeof DeliveryLinkSchema>;

/**
 * Where a record came from in the cluster. `cluster` is the Portolan cluster
 * name the object was read from.
 */
export const ObjectOriginSchema = z.object({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
});
/** Where a record came from in the cluster. */
export type ObjectOrigin = z.infer<typeof ObjectOriginSchema>;

/** A commit as far as the delivery systems know it; every field but `sha` is optional. */
export const CommitRefSchema = z.object({
  sha: z.string().optional(),
  repositoryUrl: z.string().optional(),
  branch: z.string().optional(),
  message: z.string().optional(),
  author: z.string().optional(),
  url: z.string().optional(),
});
/** A commit as far as the delivery systems know it. */
export type CommitRef = z.infer<typeof CommitRefSchema>;
