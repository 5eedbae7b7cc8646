/**
 * The Data screen for images: open a folder (one sub-folder per class, or flat) or an IDX file by its path,
 * then see what the engine read — how many images per class, their size, files left out and why — and a
 * grid of thumbnails with their labels.
 */
import type { ImageSetView } from '../../../../shared/api'
import { EmptyState } from '../../components/EmptyState'
import { ErrorNote, Note } from '../../components/ErrorNote'
import { ImageThumbnailCanvas } from '../../components/ImageThumbnail'
import { Kpi } from '../../components/Kpi'
import { ProgressBar } from '../../components/ProgressBar'
import { formatCount, plural } from '../../format/numbers'
import { api } from '../../api/connection'
import { useMediaStore } from '../../stores/mediaStore'

export function ImageDataPanels(): React.JSX.Element {
  const { imagePath, setImagePath, openImages, imageSet, busy, error } = useMediaStore()
  // The desktop app can show a native folder dialog; a browser cannot give a folder's path, so web mode types it.
  const browse = async (): Promise<void> => {
    const picked = await api.desktop?.pickFile({ purpose: 'imageFolder' }).catch(() => null)
    if (!picked) return
    setImagePath(picked.path)
    await openImages(picked.path)
  }
  return (
    <>
      <section className="panel" aria-label="Open images">
        <form
          className="row top"
          onSubmit={(event) => {
            event.preventDefault()
            if (imagePath.trim()) void openImages(imagePath.trim())
          }}
        >
          <div className="field grow">
            <label htmlFor="image-folder-path">Image folder — path on this machine</label>
            <input id="image-folder-path" type="text" value={imagePath} spellCheck={false} placeholder="/home/you/data/photos" onChange={(e) => setImagePath(e.target.value)} />
            <span className="help">PNG or JPEG files: one sub-folder per class (the sub-folder names become the labels), or all in one folder. An IDX file (…-images-idx3-ubyte.gz) works too.</span>
          </div>
          <div className="row" style={{ paddingTop: 20 }}>
            <button type="submit" className="btn primary" disabled={busy !== null || !imagePath.trim()}>Open folder</button>
            {api.desktop ? (
              <button type="button" className="btn" disabled={busy !== null} onClick={() => void browse()}>Browse…</button>
            ) : null}
          </div>
        </form>
        {busy === 'images' ? <ProgressBar label="Reading the images" fraction={null} /> : null}
      </section>
      <ErrorNote error={error} title="The images could not be opened" />
      {imageSet ? <ImageSetPanels view={imageSet} /> : <EmptyState title="No images open yet">Type the path of a folder of images and press Open folder. The images are read on this machine; only a sketch of them (the specification) is compared with learnwares.</EmptyState>}
    </>
  )
}

function ImageSetPanels({ view }: { view: ImageSetView }): React.JSX.Element {
  return (
    <>
      <section className="panel" aria-label="What was read">
        <header>
          <h2>{view.sourceName}</h2>
          <span className="muted small">{view.classes ? 'labels from the sub-folders' : 'no labels (one flat folder)'}</span>
        </header>
        <div className="kpis">
          <Kpi name="images" value={formatCount(view.images)} />
          <Kpi name="classes" value={view.classes ? formatCount(view.classes.length) : 'none'} />
          <Kpi name="size" value={`${view.width} × ${view.height}`} />
          <Kpi name="colour" value={view.channels === 1 ? 'grey' : 'colour'} />
          <Kpi name="left out" value={formatCount(view.skippedCount)} />
        </div>
        {view.sampled ? <Note kind="info">The folder holds {formatCount(view.filesFound)} images: {formatCount(view.images)} of them were chosen at random.</Note> : null}
        {view.resized ? <Note kind="info">{plural(view.resized, 'image')} had another size and {view.resized === 1 ? 'was' : 'were'} resized to {view.width} × {view.height}.</Note> : null}
        {view.classes ? (
          <div className="chips" role="list" aria-label="Images per class">
            {view.classes.map((c) => <span key={c.name} role="listitem" className="tag">{c.name} · {formatCount(c.count)}</span>)}
          </div>
        ) : null}
        {view.skippedCount ? (
          <div role="status">
            <Note kind="warn">{plural(view.skippedCount, 'file')} could not be used:</Note>
            <ul className="small muted" style={{ margin: '6px 0 0', paddingLeft: 18 }} aria-label="Files left out">
              {view.skipped.map((s) => <li key={s.file}><span className="mono">{s.file}</span>: {s.reason}</li>)}
              {view.skippedCount > view.skipped.length ? <li>… and {formatCount(view.skippedCount - view.skipped.length)} more</li> : null}
            </ul>
          </div>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="thumbs-title">
        <header>
          <h2 id="thumbs-title">Some of the images</h2>
          <span className="muted small">{formatCount(view.thumbnails.length)} of {formatCount(view.images)}{view.classes ? ', taken from every class in turn' : ''}</span>
        </header>
        <ul className="thumb-grid" aria-label="Image thumbnails">
          {view.thumbnails.map((thumbnail) => (
            <li key={thumbnail.file} className="thumb" title={thumbnail.file}>
              <ImageThumbnailCanvas thumbnail={thumbnail} size={72} />
              <span className="thumb-label">{thumbnail.label ?? thumbnail.file}</span>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
