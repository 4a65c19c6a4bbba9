from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetInfoRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class EngineInfo(_message.Message):
    __slots__ = ("engine_version", "protocol_version", "device", "models_loaded", "cache_dir", "active_jobs", "file_formats", "kinds")
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    PROTOCOL_VERSION_FIELD_NUMBER: _ClassVar[int]
    DEVICE_FIELD_NUMBER: _ClassVar[int]
    MODELS_LOADED_FIELD_NUMBER: _ClassVar[int]
    CACHE_DIR_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_JOBS_FIELD_NUMBER: _ClassVar[int]
    FILE_FORMATS_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    engine_version: str
    protocol_version: str
    device: str
    models_loaded: _containers.RepeatedScalarFieldContainer[str]
    cache_dir: str
    active_jobs: int
    file_formats: _containers.RepeatedScalarFieldContainer[str]
    kinds: _containers.RepeatedCompositeFieldContainer[SuggestionKind]
    def __init__(self, engine_version: _Optional[str] = ..., protocol_version: _Optional[str] = ..., device: _Optional[str] = ..., models_loaded: _Optional[_Iterable[str]] = ..., cache_dir: _Optional[str] = ..., active_jobs: _Optional[int] = ..., file_formats: _Optional[_Iterable[str]] = ..., kinds: _Optional[_Iterable[_Union[SuggestionKind, _Mapping]]] = ...) -> None: ...

class SuggestionKind(_message.Message):
    __slots__ = ("name", "label", "description", "job", "otio_colour", "resolve_colour", "report_colour", "confidence", "applies", "off_by_default")
    NAME_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    JOB_FIELD_NUMBER: _ClassVar[int]
    OTIO_COLOUR_FIELD_NUMBER: _ClassVar[int]
    RESOLVE_COLOUR_FIELD_NUMBER: _ClassVar[int]
    REPORT_COLOUR_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    APPLIES_FIELD_NUMBER: _ClassVar[int]
    OFF_BY_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    name: str
    label: str
    description: str
    job: str
    otio_colour: str
    resolve_colour: str
    report_colour: str
    confidence: float
    applies: str
    off_by_default: bool
    def __init__(self, name: _Optional[str] = ..., label: _Optional[str] = ..., description: _Optional[str] = ..., job: _Optional[str] = ..., otio_colour: _Optional[str] = ..., resolve_colour: _Optional[str] = ..., report_colour: _Optional[str] = ..., confidence: _Optional[float] = ..., applies: _Optional[str] = ..., off_by_default: _Optional[bool] = ...) -> None: ...

class RationalTime(_message.Message):
    __slots__ = ("value", "rate")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    value: float
    rate: float
    def __init__(self, value: _Optional[float] = ..., rate: _Optional[float] = ...) -> None: ...

class TimeRange(_message.Message):
    __slots__ = ("start_time", "duration")
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    start_time: RationalTime
    duration: RationalTime
    def __init__(self, start_time: _Optional[_Union[RationalTime, _Mapping]] = ..., duration: _Optional[_Union[RationalTime, _Mapping]] = ...) -> None: ...

class TrimSettings(_message.Message):
    __slots__ = ("pad_before_frames", "pad_after_frames", "min_pause_s", "remove_pauses", "ripple", "review_only", "kinds")
    PAD_BEFORE_FRAMES_FIELD_NUMBER: _ClassVar[int]
    PAD_AFTER_FRAMES_FIELD_NUMBER: _ClassVar[int]
    MIN_PAUSE_S_FIELD_NUMBER: _ClassVar[int]
    REMOVE_PAUSES_FIELD_NUMBER: _ClassVar[int]
    RIPPLE_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ONLY_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    pad_before_frames: int
    pad_after_frames: int
    min_pause_s: float
    remove_pauses: bool
    ripple: bool
    review_only: bool
    kinds: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, pad_before_frames: _Optional[int] = ..., pad_after_frames: _Optional[int] = ..., min_pause_s: _Optional[float] = ..., remove_pauses: _Optional[bool] = ..., ripple: _Optional[bool] = ..., review_only: _Optional[bool] = ..., kinds: _Optional[_Iterable[str]] = ...) -> None: ...

class SuggestTrimsRequest(_message.Message):
    __slots__ = ("timeline_otio_json", "settings", "base_dir", "report", "timeline_in_parts")
    TIMELINE_OTIO_JSON_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    BASE_DIR_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_IN_PARTS_FIELD_NUMBER: _ClassVar[int]
    timeline_otio_json: str
    settings: TrimSettings
    base_dir: str
    report: bool
    timeline_in_parts: bool
    def __init__(self, timeline_otio_json: _Optional[str] = ..., settings: _Optional[_Union[TrimSettings, _Mapping]] = ..., base_dir: _Optional[str] = ..., report: _Optional[bool] = ..., timeline_in_parts: _Optional[bool] = ...) -> None: ...

class SelectsSettings(_message.Message):
    __slots__ = ("mode", "trims", "script_text", "script_name")
    MODE_FIELD_NUMBER: _ClassVar[int]
    TRIMS_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_TEXT_FIELD_NUMBER: _ClassVar[int]
    SCRIPT_NAME_FIELD_NUMBER: _ClassVar[int]
    mode: str
    trims: TrimSettings
    script_text: str
    script_name: str
    def __init__(self, mode: _Optional[str] = ..., trims: _Optional[_Union[TrimSettings, _Mapping]] = ..., script_text: _Optional[str] = ..., script_name: _Optional[str] = ...) -> None: ...

class AssembleSelectsRequest(_message.Message):
    __slots__ = ("bin_otio_json", "settings", "base_dir", "report", "timeline_in_parts")
    BIN_OTIO_JSON_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    BASE_DIR_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_IN_PARTS_FIELD_NUMBER: _ClassVar[int]
    bin_otio_json: str
    settings: SelectsSettings
    base_dir: str
    report: bool
    timeline_in_parts: bool
    def __init__(self, bin_otio_json: _Optional[str] = ..., settings: _Optional[_Union[SelectsSettings, _Mapping]] = ..., base_dir: _Optional[str] = ..., report: _Optional[bool] = ..., timeline_in_parts: _Optional[bool] = ...) -> None: ...

class AnalyzeRequest(_message.Message):
    __slots__ = ("media_paths",)
    MEDIA_PATHS_FIELD_NUMBER: _ClassVar[int]
    media_paths: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, media_paths: _Optional[_Iterable[str]] = ...) -> None: ...

class JobEvent(_message.Message):
    __slots__ = ("progress", "warning", "result", "analysis", "timeline_part")
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    WARNING_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_PART_FIELD_NUMBER: _ClassVar[int]
    progress: Progress
    warning: JobWarning
    result: JobResult
    analysis: MediaAnalysis
    timeline_part: TimelinePart
    def __init__(self, progress: _Optional[_Union[Progress, _Mapping]] = ..., warning: _Optional[_Union[JobWarning, _Mapping]] = ..., result: _Optional[_Union[JobResult, _Mapping]] = ..., analysis: _Optional[_Union[MediaAnalysis, _Mapping]] = ..., timeline_part: _Optional[_Union[TimelinePart, _Mapping]] = ...) -> None: ...

class TimelinePart(_message.Message):
    __slots__ = ("data",)
    DATA_FIELD_NUMBER: _ClassVar[int]
    data: bytes
    def __init__(self, data: _Optional[bytes] = ...) -> None: ...

class Progress(_message.Message):
    __slots__ = ("stage", "done", "total", "message")
    STAGE_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    stage: str
    done: int
    total: int
    message: str
    def __init__(self, stage: _Optional[str] = ..., done: _Optional[int] = ..., total: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class JobWarning(_message.Message):
    __slots__ = ("code", "message", "clip_name", "clip_location", "media_path")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CLIP_NAME_FIELD_NUMBER: _ClassVar[int]
    CLIP_LOCATION_FIELD_NUMBER: _ClassVar[int]
    MEDIA_PATH_FIELD_NUMBER: _ClassVar[int]
    code: str
    message: str
    clip_name: str
    clip_location: str
    media_path: str
    def __init__(self, code: _Optional[str] = ..., message: _Optional[str] = ..., clip_name: _Optional[str] = ..., clip_location: _Optional[str] = ..., media_path: _Optional[str] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("clip_name", "clip_location", "kind", "source_range_removed", "reason", "confidence")
    CLIP_NAME_FIELD_NUMBER: _ClassVar[int]
    CLIP_LOCATION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_RANGE_REMOVED_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    clip_name: str
    clip_location: str
    kind: str
    source_range_removed: TimeRange
    reason: str
    confidence: float
    def __init__(self, clip_name: _Optional[str] = ..., clip_location: _Optional[str] = ..., kind: _Optional[str] = ..., source_range_removed: _Optional[_Union[TimeRange, _Mapping]] = ..., reason: _Optional[str] = ..., confidence: _Optional[float] = ...) -> None: ...

class JobResult(_message.Message):
    __slots__ = ("timeline_otio_json", "suggestions", "summary", "table_csv", "report_html")
    TIMELINE_OTIO_JSON_FIELD_NUMBER: _ClassVar[int]
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    TABLE_CSV_FIELD_NUMBER: _ClassVar[int]
    REPORT_HTML_FIELD_NUMBER: _ClassVar[int]
    timeline_otio_json: str
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    summary: str
    table_csv: str
    report_html: str
    def __init__(self, timeline_otio_json: _Optional[str] = ..., suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ..., summary: _Optional[str] = ..., table_csv: _Optional[str] = ..., report_html: _Optional[str] = ...) -> None: ...

class MediaAnalysis(_message.Message):
    __slots__ = ("media_path", "analysis_json", "from_cache")
    MEDIA_PATH_FIELD_NUMBER: _ClassVar[int]
    ANALYSIS_JSON_FIELD_NUMBER: _ClassVar[int]
    FROM_CACHE_FIELD_NUMBER: _ClassVar[int]
    media_path: str
    analysis_json: str
    from_cache: bool
    def __init__(self, media_path: _Optional[str] = ..., analysis_json: _Optional[str] = ..., from_cache: _Optional[bool] = ...) -> None: ...
