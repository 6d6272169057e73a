using OsakaDx.Platform.Data;

namespace OsakaDx.Modules.Insight.Data;

/// <summary>
/// A department's own dataset (issue 7 item 5): its description, its owner department, the
/// departments it is shared with, the column roles chosen for anonymization and the run that is
/// published. The raw upload sits in the quarantine (see <see cref="InsightPaths.DatasetRaw"/>).
/// </summary>
internal sealed class Dataset : IVersioned
{
    public int Id { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The owner department (所属, a top-level org unit): it uploads, sets columns, anonymizes and shares.</summary>
    public int OwnerOrgUnitId { get; set; }

    /// <summary>The date the department says the data was last updated (データの更新日).</summary>
    public DateOnly SourceUpdatedOn { get; set; }

    /// <summary>Comma-separated org unit ids (besides the owner) that may query the published result.</summary>
    public string SharedOrgUnitIds { get; set; } = "";

    /// <summary>The column profile of the current upload and the chosen roles (JSON array of <c>DatasetColumn</c>).</summary>
    public string ColumnsJson { get; set; } = "[]";

    public int K { get; set; } = 5;

    public int L { get; set; } = 1;

    public double SuppressionLimit { get; set; } = 0.05;

    public int CellThreshold { get; set; } = 10;

    public int? CurrentUploadId { get; set; }

    /// <summary>The succeeded run whose result is published (null: nothing to query yet).</summary>
    public int? PublishedRunId { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public long Version { get; set; }
}

/// <summary>One uploaded file of a dataset (lineage): its hash, encoding, size and who sent it.</summary>
internal sealed class DatasetUpload
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    public string FileName { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public string Encoding { get; set; } = "";

    public long Rows { get; set; }

    /// <summary>Columns read past and never stored (names, addresses).</summary>
    public string DroppedColumns { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTime UploadedAtUtc { get; set; }
}

/// <summary>An anonymization run of a dataset: which upload, the settings, who, when, k reached, the report.</summary>
internal sealed class DatasetRun
{
    public int Id { get; set; }

    public int DatasetId { get; set; }

    public int UploadId { get; set; }

    public string Status { get; set; } = RunStatus.Running;

    /// <summary>The column roles and generalizations used (JSON), so the run can be explained later.</summary>
    public string SettingsJson { get; set; } = "";

    public int K { get; set; }

    public int L { get; set; }

    public double SuppressionLimit { get; set; }

    public int CellThreshold { get; set; }

    public long Records { get; set; }

    public int KReached { get; set; }

    public double SuppressionRate { get; set; }

    public double InformationLoss { get; set; }

    public string? ReportJson { get; set; }

    public string RequestedBy { get; set; } = "";

    public DateTime StartedAtUtc { get; set; }

    public DateTime? FinishedAtUtc { get; set; }

    public string? Error { get; set; }
}
