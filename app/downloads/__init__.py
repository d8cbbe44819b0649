"""Downloads of purchased tracks: safe paths, resumable fetches, MP3 checks and tags, a persisted queue.

Qt-free except `manager.py` (the QObject that runs the queue on a TaskRunner). Like the basket and
the player it words nothing for people: failures are the typed exceptions of `errors.py`, and
the UI turns them into sentences.

    names.py    where a track goes: <music>/Artist/Release (Year)/NN Title.mp3, every part made safe
    jobs.py     TrackInfo, DownloadJob, JobState; jobs from a locker release
    errors.py   DownloadError and its kinds (URL expired, not purchased, disk full, …)
    fetch.py    one job: stream to <final>.part with Range resume, verify, tag, rename
    tags.py     MP3 verification and ID3 tags (mutagen)
    queue.py    the queue on disk (JSON with a schema, atomic writes under a file lock)
    manager.py  DownloadManager (Qt): at most N at once, progress, pause/resume/cancel/retry
"""
