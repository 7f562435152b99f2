import { octetInputParser } from "@trpc/server/http";
import { z } from "zod";
import { ZByImportIdSchema, ZDatasetImportDtoSchema, ZDatasetSummaryDtoSchema } from "../../contracts/dataset";
import { listDatasets } from "../../services/dataset/list-datasets";
import { cancelDatasetImport } from "../../services/dataset/cancel-dataset-import";
import { getDatasetImport, listMyDatasetImports, startDatasetImport } from "../../services/dataset/start-dataset-import";
import { createTRPCRouter, hostProcedure } from "../trpc";

export const datasetRouter = createTRPCRouter({
  list: hostProcedure.output(z.array(ZDatasetSummaryDtoSchema)).query(() => listDatasets()),

  /** Body: an upload frame (header { filename, options }, then the zip). */
  import: hostProcedure
    .input(octetInputParser)
    .output(ZDatasetImportDtoSchema)
    .mutation(({ ctx, input }) => startDatasetImport({ user: ctx.session.user, stream: input })),

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
