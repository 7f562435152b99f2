import { octetInputParser } from "@trpc/server/http";
import { z } from "zod";
import { ZByImportIdSchema, ZDatasetImportDtoSchema, ZDatasetImportPreviewSchema, ZDatasetSummaryDtoSchema, ZDeleteDatasetRequestSchema, ZDeleteDatasetResponseSchema, ZResplitDatasetRequestSchema, ZResplitDatasetResponseSchema } from "../../contracts/dataset";
import { deleteDataset } from "../../services/dataset/delete-dataset";
import { previewDatasetUpload } from "../../services/dataset/preview-dataset-upload";
import { resplitDataset } from "../../services/dataset/resplit-dataset";
import { listDatasets } from "../../services/dataset/list-datasets";
import { cancelDatasetImport } from "../../services/dataset/cancel-dataset-import";
import { getDatasetImport, listMyDatasetImports, startDatasetImport } from "../../services/dataset/start-dataset-import";
import { createTRPCRouter, hostProcedure } from "../trpc";

export const datasetRouter = createTRPCRouter({
  list: hostProcedure.output(z.array(ZDatasetSummaryDtoSchema)).query(({ ctx }) => listDatasets({ user: ctx.session.user })),

  /** Only a dataset no challenge uses, by the host who imported it or an admin; its rows and blobs go. */
  delete: hostProcedure
    .input(ZDeleteDatasetRequestSchema)
    .output(ZDeleteDatasetResponseSchema)
    .mutation(({ ctx, input }) => deleteDataset({ slug: input.slug, user: ctx.session.user })),

  /** A new version of one's own dataset with another split, from what it stored (or, with `preview`, its counts). */
  resplit: hostProcedure
    .input(ZResplitDatasetRequestSchema)
    .output(ZResplitDatasetResponseSchema)
    .mutation(({ ctx, input }) => resplitDataset({ user: ctx.session.user, request: input })),

  /** Body: an upload frame (header { filename, options }, then the zip). */
  import: hostProcedure
    .input(octetInputParser)
    .output(ZDatasetImportDtoSchema)
    .mutation(({ ctx, input }) => startDatasetImport({ user: ctx.session.user, stream: input })),

  /** The same body as `import`: read, validate and split it, return the counts, store nothing. */
  previewImport: hostProcedure
    .input(octetInputParser)
    .output(ZDatasetImportPreviewSchema)
    .mutation(({ input }) => previewDatasetUpload({ stream: input })),

  importStatus: hostProcedure
    .input(ZByImportIdSchema)
    .output(ZDatasetImportDtoSchema)
    .query(({ ctx, input }) => getDatasetImport({ id: input.id, user: ctx.session.user })),

  /** Stop an import (queued: at once; running: at the worker's next heartbeat). */
  cancelImport: hostProcedure
    .input(ZByImportIdSchema)
    .output(ZDatasetImportDtoSchema)
    .mutation(({ ctx, input }) => cancelDatasetImport({ id: input.id, user: ctx.session.user })),

  myImports: hostProcedure.output(z.array(ZDatasetImportDtoSchema)).query(({ ctx }) => listMyDatasetImports({ user: ctx.session.user })),
});
