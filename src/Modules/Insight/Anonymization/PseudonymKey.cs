// The managed HMAC key for keyed pseudonyms. 32 random bytes in data/insight/keys/pseudonym.key,
// file mode 0600 in a 0700 folder. Rotation (./osakadx insight rotate-key) retires the old file
// beside it; pseudonyms made after a rotation do not link to those made before, by design.
using System.Security.Cryptography;
using System.Text;
using OsakaDx.Modules.Insight.Data;

namespace OsakaDx.Modules.Insight.Anonymization;

internal sealed class PseudonymKey(InsightPaths paths)
{
    public byte[] LoadOrCreate()
    {
        if (File.Exists(paths.KeyFile))
        {
            var key = Convert.FromBase64String(File.ReadAllText(paths.KeyFile).Trim());
            if (key.Length < 32)
            {
                throw new InvalidOperationException($"鍵ファイル {paths.KeyFile} が壊れています（32バイト未満）。rotate-key で作り直してください。");
            }

            return key;
        }

        return Create();
    }

    /// <summary>Retires the current key (renamed with a timestamp) and makes a new one.</summary>
    public string Rotate(DateTime utcNow)
    {
        if (File.Exists(paths.KeyFile))
        {
            File.Move(paths.KeyFile, paths.KeyFile + ".retired-" + utcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
        }

        return Fingerprint(Create());
    }

    public static string Fingerprint(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    private byte[] Create()
    {
        var folder = Path.GetDirectoryName(paths.KeyFile)!;
        InsightPaths.EnsurePrivateDirectory(folder);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(paths.KeyFile, options))
        using (var writer = new StreamWriter(stream, Encoding.ASCII))
        {
            writer.Write(Convert.ToBase64String(key));
        }

        return key;
    }
}
