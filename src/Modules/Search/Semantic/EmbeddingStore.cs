using Microsoft.Data.Sqlite;

namespace OsakaDx.Modules.Search.Semantic;

/// <summary>
/// Document vectors cached beside the index, one SQLite file per model
/// (<c>{DataPath}/search/embeddings/{modelId}.db</c>), keyed by what was embedded: the file's content
/// hash and its name. Copies of a file share one vector; a changed or renamed file gets a new one; a
/// different model file starts an empty store. Disposable data: deleting the folder only costs time.
/// </summary>
internal sealed class EmbeddingStore
{
    private readonly string connectionString;

    public EmbeddingStore(string directory, string modelId)
    {
        Directory.CreateDirectory(directory);
        Path = System.IO.Path.Combine(directory, modelId + ".db");
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL) WITHOUT ROWID;";
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    /// <summary>The cache key of a document: content hash (or "folder") and name, so copies share and renames refresh.</summary>
    public static string KeyOf(string? contentHash, string name) => (contentHash ?? "-") + "|" + name;

    public Dictionary<string, float[]> Get(IEnumerable<string> keys)
    {
        var wanted = keys.Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return found;
        }

        using var connection = Open();
        foreach (var chunk in wanted.Chunk(400))
        {
            using var command = connection.CreateCommand();
            var names = chunk.Select((k, i) => "$k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            command.CommandText = $"SELECT key, vector FROM vectors WHERE key IN ({string.Join(',', names)})";
            for (var i = 0; i < chunk.Length; i++)
            {
                command.Parameters.AddWithValue(names[i], chunk[i]);
            }

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var bytes = (byte[])reader[1];
                var vector = new float[bytes.Length / sizeof(float)];
                Buffer.BlockCopy(bytes, 0, vector, 0, vector.Length * sizeof(float));
                found[reader.GetString(0)] = vector;
            }
        }

        return found;
    }

    public void Put(IReadOnlyCollection<KeyValuePair<string, float[]>> vectors)
    {
        if (vectors.Count == 0)
        {
            return;
        }

        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT OR REPLACE INTO vectors (key, vector) VALUES ($key, $vector)";
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var blob = command.Parameters.Add("$vector", SqliteType.Blob);
        foreach (var (k, v) in vectors)
        {
            var bytes = new byte[v.Length * sizeof(float)];
            Buffer.BlockCopy(v, 0, bytes, 0, bytes.Length);
            key.Value = k;
            blob.Value = bytes;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public long Count()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM vectors";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Removes vectors whose documents left the index (keys not in the given live set).</summary>
    public int Prune(IReadOnlySet<string> live)
    {
        using var connection = Open();
        var stale = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key FROM vectors";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var k = reader.GetString(0);
                if (!live.Contains(k))
                {
                    stale.Add(k);
                }
            }
        }

        using var transaction = connection.BeginTransaction();
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM vectors WHERE key = $key";
        var p = delete.Parameters.Add("$key", SqliteType.Text);
        foreach (var k in stale)
        {
            p.Value = k;
            delete.ExecuteNonQuery();
        }

        transaction.Commit();
        return stale.Count;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
