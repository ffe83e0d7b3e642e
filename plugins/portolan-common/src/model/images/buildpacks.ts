/*
 * What Cloud Native Buildpacks recorded about an image: the buildpacks and
 * their versions, the launcher, the processes, the run image it sits on and
 * the source it was built from. Read from the image's `io.buildpacks.*`
 * labels (buildpacks/lifecycle `platform/files`) or, when the registry is
 * not reachable, from what kpack recorded on the Build. Upstream spellings
 * (buildpack ids, process types, stack ids) are kept as written.
 */
import { z } from 'zod';

/** Where buildpacks facts were read from. */
export const BUILDPACKS_FACT_SOURCES = ['image-labels', 'kpack'] as const;
/** Where buildpacks facts were read from. */
export const BuildpacksFactSourceSchema = z.enum(BUILDPACKS_FACT_SOURCES);
/** Where buildpacks facts were read from. */
export type BuildpacksFactSource = z.infer<typeof BuildpacksFactSourceSchema>;

/** One buildpack (or image extension) that took part in the build. */
export const BuildpackRefSchema = z.object({
  id: z.string(),
  version: z.string().optional(),
  homepage: z.string().optional(),
  /** Launch layers it contributed (`io.buildpacks.lifecycle.metadata` `buildpacks[].layers` keys). */
  layers: z.array(z.string()).optional(),
});
/** One buildpack that took part in the build. */
export type BuildpackRef = z.infer<typeof BuildpackRefSchema>;

/**
 * How a process's `command` was written: a string before platform API 0.10
 * (the first word; the rest went to `args`), an array from 0.10 on.
 */
export const PROCESS_COMMAND_FORMS = ['string', 'array'] as const;
/** How a process's `command` was written. */
export const ProcessCommandFormSchema = z.enum(PROCESS_COMMAND_FORMS);
/** How a process's `command` was written. */
export type ProcessCommandForm = z.infer<typeof ProcessCommandFormSchema>;

/** A process the image can run (`io.buildpacks.build.metadata` `processes[]`). */
export const BuildpackProcessSchema = z.object({
  type: z.string(),
  /** Always a list here, whatever the upstream form. */
  command: z.array(z.string()),
  commandForm: ProcessCommandFormSchema,
  args: z.array(z.string()),
  direct: z.boolean().optional(),
  /** True for the process the image starts by default. */
  default: z.boolean(),
  buildpackId: z.string().optional(),
  workingDirectory: z.string().optional(),
});
/** A process the image can run. */
export type BuildpackProcess = z.infer<typeof BuildpackProcessSchema>;

/** The launcher baked into the image, and the source it was built from. */
export const LauncherFactsSchema = z.object({
  version: z.string().optional(),
  repository: z.string().optional(),
  commit: z.string().optional(),
});
/** The launcher baked into the image. */
export type LauncherFacts = z.infer<typeof LauncherFactsSchema>;

/**
 * The run image the app layers sit on, as needed for a rebase: the tag to
 * follow (`image`, platform API 0.12+, or the deprecated `stack.runImage`),
 * what was used (`reference`) and the top layer it had then.
 */
export const RunImageFactsSchema = z.object({
  /** The run image to follow for rebases (a tag reference). */
  image: z.string().optional(),
  mirrors: z.array(z.string()),
  /** The run image used for the build (a digest reference, or an image id for daemon builds). */
  reference: z.string().optional(),
  /** The run image's last layer diff id at build time. */
  topLayer: z.string().optional(),
  /** True when `image` came from the deprecated `stack.runImage` (platform API before 0.12). */
  fromDeprecatedStack: z.boolean(),
});
/** The run image the app layers sit on. */
export type RunImageFacts = z.infer<typeof RunImageFactsSchema>;

/** The base image's target facts (`io.buildpacks.base.*` labels). */
export const BaseImageFactsSchema = z.object({
  id: z.string().optional(),
  distroName: z.string().optional(),
  distroVersion: z.string().optional(),
  /** Every `io.buildpacks.base.*` label, keyed without the prefix. */
  labels: z.record(z.string()),
});
/** The base image's target facts. */
export type BaseImageFacts = z.infer<typeof BaseImageFactsSchema>;

/**
 * The source the image was built from (`io.buildpacks.project.metadata`,
 * written by kpack and pack). `type` is upstream's (`git`, `blob`, `image`,
 * `project`); the version and metadata maps are kept whole because producers
 * differ in which keys they write.
 */
export const ProjectSourceFactsSchema = z.object({
  type: z.string().optional(),
  commit: z.string().optional(),
  repository: z.string().optional(),
  /** A branch, tag or other ref the source was taken from. */
  revision: z.string().optional(),
  version: z.record(z.string()),
  metadata: z.record(z.string()),
});
/** The source the image was built from. */
export type ProjectSourceFacts = z.infer<typeof ProjectSourceFactsSchema>;

/** The builder a kpack Build used (not recorded in the image itself). */
export const BuilderFactsSchema = z.object({
  image: z.string().optional(),
  kind: z.string().optional(),
  name: z.string().optional(),
});
/** The builder a kpack Build used. */
export type BuilderFacts = z.infer<typeof BuilderFactsSchema>;

/** What Cloud Native Buildpacks recorded about an image. */
export const BuildpacksFactsSchema = z.object({
  /** False for an image not built by buildpacks (a Dockerfile build); not an error. */
  detected: z.boolean(),
  source: BuildpacksFactSourceSchema,
  /** `CNB_PLATFORM_API` from the image's environment, when set. */
  platformApi: z.string().optional(),
  lifecycleVersion: z.string().optional(),
  buildpacks: z.array(BuildpackRefSchema),
  extensions: z.array(BuildpackRefSchema),
  launcher: LauncherFactsSchema.optional(),
  processes: z.array(BuildpackProcessSchema),
  defaultProcess: z.string().optional(),
  runImage: RunImageFactsSchema.optional(),
  /** `io.buildpacks.stack.id` (deprecated by `io.buildpacks.base.*`) or kpack's stack id. */
  stackId: z.string().optional(),
  base: BaseImageFactsSchema.optional(),
  project: ProjectSourceFactsSchema.optional(),
  /** `io.buildpacks.rebasable`: false when a buildpack wrote below the app layers. */
  rebasable: z.boolean().optional(),
  builder: BuilderFactsSchema.optional(),
  /** Labels that did not parse, named, and other upstream data that did not fit. */
  warnings: z.array(z.string()),
});
/** What Cloud Native Buildpacks recorded about an image. */
export type BuildpacksFacts = z.infer<typeof BuildpacksFactsSchema>;
