/**
 * The dock screen's calls: list with semantic filters, one learnware's details (with its package's files,
 * read safely and cached by hash), import (a job in a worker: read, check, add), remove, and the package
 * zip as an output to save.
 */

import { basename, resolve } from 'node:path'
import type { DockListItem, HandlerImplementations, LearnwareDetails, SemanticFilters } from '../../shared/api'
import type { DockEntry } from '../../engine/dock'
import { describeError } from '../../engine/errors'
import { readLearnwarePackage } from '../../engine/learnware'
import { semanticSearch, type SemanticQuery } from '../../engine/search'
import type { EngineHost } from '../engineHost'
import { toFeatureBlock, toLearnwareSummary } from '../views'
import { decodeBase64 } from './sources'

type PackageFacts = Pick<LearnwareDetails, 'packageFiles' | 'modelKind' | 'packageProblem'>

export function dockHandlers(host: EngineHost): Pick<HandlerImplementations, 'dockList' | 'dockGet' | 'dockImport' | 'dockRemove' | 'dockPackage'> {
  const packageFacts = new Map<string, PackageFacts>()

  const readPackageFacts = async (entry: DockEntry): Promise<PackageFacts> => {
    const cached = packageFacts.get(entry.packageSha256)
    if (cached) return cached
    let facts: PackageFacts
    try {
      const pkg = await readLearnwarePackage(await host.dock.packageBytes(entry.id), { label: entry.id })
      facts = { packageFiles: pkg.files.map((file) => ({ name: file.name, bytes: file.size, sha256: file.sha256 })), modelKind: pkg.model.kind, packageProblem: null }
    } catch (error) {
      return { packageFiles: [], modelKind: null, packageProblem: describeError(error) }
    }
    if (packageFacts.size >= 64) packageFacts.delete(packageFacts.keys().next().value!)
    packageFacts.set(entry.packageSha256, facts)
    return facts
  }

  return {
    dockList: async (args) => {
      const all = host.dock.list({ status: args?.statuses, featuresPerRow: args?.featuresPerRow })
      const query = toSemanticQuery(args?.filters)
      const matches = hasAnyFilter(query) ? semanticSearch(all, query) : all.map((entry) => ({ id: entry.id, textScore: null }))
      const byId = new Map(all.map((entry) => [entry.id, entry]))
      const items: DockListItem[] = matches.map((match) => ({ ...toLearnwareSummary(byId.get(match.id)!), textScore: match.textScore }))
      const offset = args?.offset ?? 0
      const page = items.slice(offset, args?.limit === undefined ? undefined : offset + args.limit)
      return { learnwares: page, total: items.length, dockSize: host.dock.list().length }
    },

    dockGet: async ({ id }) => {
      const entry = host.dock.get(id)
      const spec = entry.statSpec
      return {
        ...toLearnwareSummary(entry),
        semanticSpec: entry.semanticSpec as Record<string, unknown>,
        input: toFeatureBlock(entry.inputDescription),
        output: toFeatureBlock(entry.outputDescription),
        statSpec: {
          type: entry.statSpecType,
          k: spec?.k ?? null,
          featuresPerRow: spec?.featuresPerRow ?? entry.featuresPerRow,
          gamma: spec?.gamma ?? null,
          numPoints: spec?.numPoints ?? null,
          selfInner: entry.selfInner
        },
        ...(await readPackageFacts(entry))
      }
    },

    dockImport: async ({ source, semanticSpec }) => {
      const zip = source.kind === 'path' ? { path: resolve(source.path) } : { bytes: decodeBase64(source.base64) }
      const label = source.kind === 'path' ? basename(source.path) : source.fileName
      return host.jobs.start('dockImport', {
        run: async ({ signal, progress }) => {
          const result = await host.withDockFolder(progress, () =>
            host.runTask('importPackage', { dockDir: host.dockDir, zip, label, semanticSpec }, { signal, onProgress: progress })
          )
          if (!result.duplicate) host.bus.emit('dockChanged', { reason: 'import', ids: [result.learnwareId] })
          return result
        }
      })
    },

    dockRemove: async ({ id }) => {
      const entry = host.dock.get(id)
      await host.dock.remove(entry.id)
      host.bus.emit('dockChanged', { reason: 'remove', ids: [entry.id] })
      return { id: entry.id }
    },

    dockPackage: async ({ id }) => {
      const entry = host.dock.get(id)
      const bytes = await host.dock.packageBytes(entry.id)
      const fileName = `${entry.originId ?? entry.id}.zip`
      const outputId = host.addOutput({ fileName, mediaType: 'application/zip', bytes })
      return { outputId, fileName, bytes: bytes.byteLength, mediaType: 'application/zip' }
    }
  }
}

export function toSemanticQuery(filters: SemanticFilters | undefined): SemanticQuery {
  return { ...(filters ?? {}) }
}

function hasAnyFilter(query: SemanticQuery): boolean {
  return Object.values(query).some((value) => (Array.isArray(value) ? value.length > 0 : typeof value === 'string' && value.trim() !== ''))
}
