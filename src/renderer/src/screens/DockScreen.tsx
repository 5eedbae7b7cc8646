/**
 * Dock: every learnware on this machine as a card (name, data/task type, scenarios, licence, status with
 * its reason), semantic filters and text search, a details panel (semantic spec, input/output
 * descriptions, spec summary, package files), import by drag-and-drop / file / path with the checker's
 * verdict, and delete with a confirmation.
 */
import { useEffect, useState } from 'react'
import type { DockImportResult, DockListItem } from '../../../shared/api'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { DropZone } from '../components/DropZone'
import { EmptyState } from '../components/EmptyState'
import { ErrorNote } from '../components/ErrorNote'
import { FileSourceField } from '../components/FileSourceField'
import { FilterBar } from '../components/FilterBar'
import { ProgressBar } from '../components/ProgressBar'
import { StatusChip } from '../components/StatusChip'
import { CheckList } from '../components/CheckList'
import { LearnwareDetailsPanel } from './dock/LearnwareDetailsPanel'
import { formatCount, plural } from '../format/numbers'
import { EMPTY_VOCABULARY, useAppStore } from '../stores/appStore'
import { packageBytesSource, useDockStore, type DockFilters } from '../stores/dockStore'
import { useNavigation } from '../stores/navigation'

export function DockScreen(): React.JSX.Element {
  const store = useDockStore()
  const vocabulary = useAppStore((s) => s.vocabulary) ?? EMPTY_VOCABULARY
  const seeding = useAppStore((s) => s.seeding)
  const [importOpen, setImportOpen] = useState(false)
  const [confirmId, setConfirmId] = useState<string | null>(null)
  const go = useNavigation((s) => s.go)

  const refresh = store.refresh
  useEffect(() => {
    void refresh()
  }, [refresh])

  const list = store.list
  const filtered = list !== null && list.total !== list.dockSize
  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Dock</h1>
          <p>
            The learnwares on this machine: trained models, each with a specification of the data it was trained on. Find one that fits
            your data on the Search step, or import a package here.
          </p>
        </div>
        <button type="button" className="btn primary" aria-expanded={importOpen} onClick={() => setImportOpen(!importOpen)}>
          {importOpen ? 'Close import' : 'Import a package…'}
        </button>
      </header>

      {seeding ? <ProgressBar label="Adding the starter learnwares" fraction={seeding.fraction} detail={seeding.detail ?? undefined} /> : null}
      {importOpen || store.importJob || store.lastImport ? <ImportPanel /> : null}

      <FilterBar vocabulary={vocabulary} values={store.filters} onChange={(patch) => store.setFilters(patch as Partial<DockFilters>)} showStatus />
      <ErrorNote error={store.error} title="The dock could not be listed" />

      <div className="split wide-left">
        <section className="stack" aria-label="Learnwares">
          <div className="row">
            <span className="muted grow" aria-live="polite">
              {list ? (filtered ? `${formatCount(list.total)} of ${plural(list.dockSize, 'learnware')} match` : plural(list.dockSize, 'learnware')) : 'Loading…'}
            </span>
            {filtered ? (
              <button type="button" className="btn small ghost" onClick={store.clearFilters}>
                Clear filters
              </button>
            ) : null}
          </div>
          {list && list.dockSize === 0 ? (
            <EmptyState title="The dock is empty" action={<button type="button" className="btn primary" onClick={() => setImportOpen(true)}>Import a package…</button>}>
              Import a learnware package (.zip) from Beimingwu or a colleague, or submit your own model. Learnwares you add stay on this machine.
            </EmptyState>
          ) : list && list.learnwares.length === 0 ? (
            <EmptyState title="No learnware matches these filters" action={<button type="button" className="btn" onClick={store.clearFilters}>Clear filters</button>}>
              Try fewer filters or other words.
            </EmptyState>
          ) : (
            <ul className="cards" aria-label="Learnwares in the dock">
              {list?.learnwares.map((item) => (
                <li key={item.id}>
                  <LearnwareCard item={item} selected={item.id === store.selectedId} onSelect={() => void store.select(item.id)} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <aside className="sticky" aria-label="Learnware details">
          {store.selectedId ? (
            <LearnwareDetailsPanel
              details={store.details}
              error={store.detailsError ?? store.removeError}
              onClose={() => void store.select(null)}
              onDelete={() => setConfirmId(store.selectedId)}
            />
          ) : (
            <div className="panel flat">
              <h2>Details</h2>
              <p className="muted">Choose a learnware to see what it does, what data it expects, its specification and the files in its package.</p>
              <button type="button" className="btn" onClick={() => go('data')} style={{ alignSelf: 'flex-start' }}>
                Next: open your data →
              </button>
            </div>
          )}
        </aside>
      </div>

      <ConfirmDialog
        open={confirmId !== null}
        title="Delete this learnware?"
        confirmLabel="Delete"
        danger
        onCancel={() => setConfirmId(null)}
        onConfirm={() => {
          const id = confirmId
          setConfirmId(null)
          if (id) void store.remove(id)
        }}
      >
        <p>
          <strong>{store.details?.name ?? confirmId}</strong> ({confirmId}) will be removed from this dock. Its package file is deleted too; import it again
          to get it back.
        </p>
      </ConfirmDialog>
    </div>
  )
}

function LearnwareCard({ item, selected, onSelect }: { item: DockListItem; selected: boolean; onSelect: () => void }): React.JSX.Element {
  return (
    <button type="button" className="card" aria-pressed={selected} onClick={onSelect}>
      <div className="row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap' }}>
        <span className="title grow">{item.name}</span>
        <StatusChip status={item.status} />
      </div>
      <div className="row" style={{ gap: 6 }}>
        {[item.dataType, item.task, item.featuresPerRow ? `${item.featuresPerRow} features` : null].filter(Boolean).map((text) => (
          <span key={text} className="tag">{text}</span>
        ))}
      </div>
      <div className="small muted">
        {item.scenarios.length ? item.scenarios.join(', ') : 'No scenario'} · {item.license ?? 'no licence'}
      </div>
      {item.statusReason ? <div className="reason">{item.statusReason}</div> : null}
    </button>
  )
}

function ImportPanel(): React.JSX.Element {
  const { importJob, lastImport, importPackage } = useDockStore()
  const [path, setPath] = useState('')
  const busy = importJob !== null
  return (
    <section className="panel" aria-label="Import a package">
      <header>
        <h2>Import a learnware package</h2>
      </header>
      <p className="muted small">
        A .zip in Beimingwu's layout. The checker reads it without running any code from it: it checks the semantic and statistical specifications and,
        for ONNX models, runs the model on sample rows made from its own specification.
      </p>
      <div className="split">
        <DropZone label="learnware package (.zip)" accept=".zip,application/zip" disabled={busy} onFile={({ name, bytes }) => void importPackage({ fileName: name, source: packageBytesSource(name, bytes) })} />
        <FileSourceField
          label="Package"
          purpose="package"
          accept=".zip,application/zip"
          path={path}
          onPathChange={setPath}
          openLabel="Import"
          placeholder="/home/you/Downloads/learnware.zip"
          busy={busy}
          onSource={(source, name) => void importPackage({ fileName: name, source })}
        />
      </div>
      {importJob ? <ProgressBar label={importJob.label} fraction={importJob.fraction} detail={importJob.detail ?? undefined} onCancel={importJob.cancel} cancelling={importJob.cancelling} /> : null}
      {lastImport?.error ? <ErrorNote error={lastImport.error} title={`${lastImport.fileName} was not imported`} /> : null}
      {lastImport?.result ? <ImportVerdict fileName={lastImport.fileName} result={lastImport.result} /> : null}
    </section>
  )
}

function ImportVerdict({ fileName, result }: { fileName: string; result: DockImportResult }): React.JSX.Element {
  const kind = result.status === 'usable' ? 'ok' : result.status === 'not-runnable' ? 'warn' : 'error'
  return (
    <div className={`note ${kind}`} role="status" aria-label="Checker verdict">
      <span>
        <strong>{fileName}</strong>{' '}
        {result.duplicate ? `is already in the dock as ${result.learnwareId}; nothing was added.` : `was added as ${result.learnwareId}.`} Status: <StatusChip status={result.status} />
      </span>
      {result.reason ? <span className="hint">{result.reason}</span> : null}
      {result.check ? <CheckList checks={result.check.checks} collapseWhenAllPass /> : null}
    </div>
  )
}
