// Attachments of a request (見積書, 図面, 根拠資料): PDF, Excel, Word and images up to 20 MB. The bytes
// are stored once per content under <data>/budget/attachments/<first two hex>/<sha256>; the row keeps
// the name, type, size and hash. Uploads and deletions are audited by the platform interceptor (rows
// of Attachments). The 所属 (予算担当・承認者) and the 財政局 may attach until the request is 確定; any
// reader of the request may download.
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OsakaDx.Modules.Budget.Data;
using OsakaDx.Platform.Data;
using OsakaDx.Ui;

namespace OsakaDx.Modules.Budget.Requests;

public sealed record AttachmentFile(RequestAttachment Attachment, string Path);

public sealed class AttachmentService(BudgetDb db, IOptions<PlatformOptions> options, TimeProvider clock)
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>Extension → content type, and the leading bytes the content must start with.</summary>
    private static readonly Dictionary<string, (string Type, byte[][] Magic)> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", [[0x25, 0x50, 0x44, 0x46]]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [[0x50, 0x4B, 0x03, 0x04]]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [[0x50, 0x4B, 0x03, 0x04]]),
        [".png"] = ("image/png", [[0x89, 0x50, 0x4E, 0x47]]),
        [".jpg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".jpeg"] = ("image/jpeg", [[0xFF, 0xD8, 0xFF]]),
        [".gif"] = ("image/gif", [[0x47, 0x49, 0x46, 0x38]]),
    };

    public static string AcceptList => string.Join(",", Allowed.Keys);

    private string Folder => Path.Combine(options.Value.FullDataPath, "budget", "attachments");

    public async Task<IReadOnlyList<RequestAttachment>> ListAsync(int requestId, CancellationToken cancellationToken = default) =>
        await db.Attachments.AsNoTracking().Where(a => a.RequestId == requestId).OrderBy(a => a.Id).ToListAsync(cancellationToken);

    public static bool CanAttach(BudgetUser user, Project project, BudgetRequest request) =>
        request.Status != RequestStatus.Confirmed
        && (user.Can(BudgetPermissions.Review) || ((user.Can(BudgetPermissions.Request) || user.Can(BudgetPermissions.Approve)) && user.BelongsTo(project.OrgUnitId)));

    /// <summary>Stores the file and its row. Refuses an unknown type, content that is not what the name says, an empty or too large file.</summary>
    public async Task<BudgetResult> AddAsync(BudgetUser user, int requestId, string fileName, Stream content, long length, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Project).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        if (request is null)
        {
            return BudgetResult.Deny("指定された予算要求はありません。");
        }

        if (!CanAttach(user, request.Project!, request))
        {
            return BudgetResult.Deny(request.Status == RequestStatus.Confirmed
                ? "確定した調書には添付できません。"
                : "添付できるのは、事業の所属の予算担当・承認者と財政局の査定担当だけです。");
        }

        var result = new BudgetResult();
        var name = Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        var extension = Path.GetExtension(name);
        if (name.Length is 0 or > 200)
        {
            result.Errors.Add(new FieldError("File", "「添付ファイル」のファイル名は1～200文字にしてください。"));
            return result;
        }

        if (!Allowed.TryGetValue(extension, out var kind))
        {
            result.Errors.Add(new FieldError("File", $"「{name}」は添付できない種類です。PDF・Excel（.xlsx）・Word（.docx）・画像（.png・.jpg・.gif）だけを添付できます。"));
            return result;
        }

        if (length <= 0)
        {
            result.Errors.Add(new FieldError("File", $"「{name}」は空のファイルです。"));
            return result;
        }

        if (length > MaxBytes)
        {
            result.Errors.Add(new FieldError("File", $"「{name}」は{length / 1024 / 1024:N0}MBあります。添付できるのは20MBまでです。"));
            return result;
        }

        Directory.CreateDirectory(Folder);
        var temp = Path.Combine(Folder, "upload-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            string hash;
            long size;
            await using (var file = File.Create(temp))
            {
                using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                var head = new byte[8];
                var headLength = 0;
                size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += read;
                    if (size > MaxBytes)
                    {
                        result.Errors.Add(new FieldError("File", $"「{name}」は20MBを超えます。添付できるのは20MBまでです。"));
                        return result;
                    }

                    for (var i = 0; headLength < head.Length && i < read; i++)
                    {
                        head[headLength++] = buffer[i];
                    }

                    sha.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (size == 0 || !kind.Magic.Any(m => headLength >= m.Length && head.AsSpan(0, m.Length).SequenceEqual(m)))
                {
                    result.Errors.Add(new FieldError("File", $"「{name}」の中身が{extension}のファイルではありません（壊れているか、拡張子が違います）。"));
                    return result;
                }

                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var target = PathFor(hash);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (!File.Exists(target))
            {
                File.Move(temp, target);
            }

            db.Attachments.Add(new RequestAttachment
            {
                RequestId = requestId, FileName = name, ContentType = kind.Type, Size = size, Sha256 = hash,
                UploadedAtUtc = clock.GetUtcNow().UtcDateTime, UploadedBy = user.Name,
            });
            await db.SaveChangesAsync(cancellationToken);
            return BudgetResult.Ok();
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>The stored file of an attachment of this request; null when either does not exist.</summary>
    public async Task<AttachmentFile?> OpenAsync(int requestId, int attachmentId, CancellationToken cancellationToken = default)
    {
        var attachment = await db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.RequestId == requestId, cancellationToken);
        if (attachment is null)
        {
            return null;
        }

        var path = PathFor(attachment.Sha256);
        return File.Exists(path) ? new AttachmentFile(attachment, path) : null;
    }

    /// <summary>Removes the row; the stored file goes too when no other attachment has the same content.</summary>
    public async Task<BudgetResult> DeleteAsync(BudgetUser user, int requestId, int attachmentId, CancellationToken cancellationToken = default)
    {
        var request = await db.Requests.Include(r => r.Project).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == attachmentId && a.RequestId == requestId, cancellationToken);
        if (request is null || attachment is null)
        {
            return BudgetResult.Deny("指定された添付ファイルはありません（既に削除されています）。");
        }

        if (!CanAttach(user, request.Project!, request))
        {
            return BudgetResult.Deny("添付ファイルを削除できるのは、確定前の調書について、事業の所属の予算担当・承認者と財政局の査定担当だけです。");
        }

        db.Attachments.Remove(attachment);
        await db.SaveChangesAsync(cancellationToken);
        if (!await db.Attachments.AnyAsync(a => a.Sha256 == attachment.Sha256, cancellationToken))
        {
            File.Delete(PathFor(attachment.Sha256));
        }

        return BudgetResult.Ok();
    }

    private string PathFor(string sha256) => Path.Combine(Folder, sha256[..2], sha256);
}
