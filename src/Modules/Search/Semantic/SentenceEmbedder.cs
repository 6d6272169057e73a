// Sentence embeddings from a local ONNX export of a BERT-style encoder (no network, no GPU):
// tokenize, run the graph, mean-pool the token vectors under the attention mask, L2-normalise.
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace OsakaDx.Modules.Search.Semantic;

/// <summary>
/// Loads an ONNX sentence-embedding model and its tokenizer once and embeds texts with it.
/// Tokenizers: a WordPiece <c>vocab.txt</c> (BERT, MiniLM, LaBSE) or a SentencePiece <c>.model</c>
/// (XLM-R family such as multilingual-e5, with the fairseq id offset those exports use).
/// Inputs are fed by name as BERT exports name them (input_ids, attention_mask, token_type_ids);
/// an output of rank 3 (token vectors) is mean-pooled over the mask, one of rank 2 is used as is.
/// </summary>
internal sealed class SentenceEmbedder : IDisposable
{
    private readonly InferenceSession session;
    private readonly Tokenizer tokenizer;
    private readonly bool sentencePiece;
    private readonly int maxTokens;
    private readonly string outputName;
    private readonly System.Threading.Lock gate = new();

    public SentenceEmbedder(string modelPath, string tokenizerPath, int maxTokens = 256, bool lowerCase = true)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"埋め込みモデルのファイルがありません: {modelPath}", modelPath);
        }

        if (!File.Exists(tokenizerPath))
        {
            throw new FileNotFoundException($"埋め込みモデルの語彙（トークナイザ）ファイルがありません: {tokenizerPath}", tokenizerPath);
        }

        this.maxTokens = Math.Clamp(maxTokens, 8, 512);
        sentencePiece = tokenizerPath.EndsWith(".model", StringComparison.OrdinalIgnoreCase);
        using (var stream = File.OpenRead(tokenizerPath))
        {
            tokenizer = sentencePiece
                ? SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false)
                : BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowerCase, IndividuallyTokenizeCjk = true });
        }

        // Two cores are shared with the crawler and the web server: inference stays on one thread.
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        session = new InferenceSession(modelPath, options);
        if (!session.InputMetadata.ContainsKey("input_ids"))
        {
            session.Dispose();
            throw new InvalidOperationException("埋め込みモデルに input_ids 入力がありません（BERT 形式の ONNX を指定してください）。");
        }

        outputName = session.OutputMetadata.Keys.FirstOrDefault(k => k is "sentence_embedding" or "last_hidden_state" or "token_embeddings")
            ?? session.OutputMetadata.Keys.First();
        ModelId = ModelIdOf(modelPath);
    }

    /// <summary>First 16 hex digits of the model file's SHA-256: cached vectors belong to exactly one model.</summary>
    public string ModelId { get; }

    public int Dimensions { get; private set; }

    public static string ModelIdOf(string modelPath)
    {
        using var stream = File.OpenRead(modelPath);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    /// <summary>Token ids with the model's special tokens: [CLS] … [SEP] for WordPiece, &lt;s&gt; … &lt;/s&gt; for XLM-R SentencePiece.</summary>
    internal int[] Encode(string text)
    {
        if (sentencePiece)
        {
            // fairseq layout of XLM-R exports: <s>=0, <pad>=1, </s>=2, <unk>=3, SentencePiece id n → n + 1 (its <unk> 0 → 3).
            var ids = tokenizer.EncodeToIds(text, maxTokens - 2, out _, out _);
            return [0, .. ids.Select(i => i == 0 ? 3 : i + 1), 2];
        }

        return [.. ((BertTokenizer)tokenizer).EncodeToIds(text, maxTokens, addSpecialTokens: true, out _, out _)];
    }

    /// <summary>One unit-length vector per text (batched, padded to the longest text in the batch).</summary>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        var result = new float[texts.Count][];
        const int batch = 16;
        for (var start = 0; start < texts.Count; start += batch)
        {
            var part = texts.Skip(start).Take(batch).Select(Encode).ToList();
            var vectors = Run(part);
            for (var i = 0; i < vectors.Length; i++)
            {
                result[start + i] = vectors[i];
            }
        }

        return result;
    }

    private float[][] Run(List<int[]> encoded)
    {
        var rows = encoded.Count;
        var width = Math.Max(1, encoded.Max(e => e.Length));
        var pad = sentencePiece ? 1 : 0;
        var ids = new DenseTensor<long>([rows, width]);
        var mask = new DenseTensor<long>([rows, width]);
        var types = new DenseTensor<long>([rows, width]);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var present = c < encoded[r].Length;
                ids[r, c] = present ? encoded[r][c] : pad;
                mask[r, c] = present ? 1 : 0;
            }
        }

        var inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor("input_ids", ids) };
        if (session.InputMetadata.ContainsKey("attention_mask"))
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("attention_mask", mask));
        }

        if (session.InputMetadata.ContainsKey("token_type_ids"))
        {
            inputs.Add(NamedOnnxValue.CreateFromTensor("token_type_ids", types));
        }

        lock (gate)
        {
            using var outputs = session.Run(inputs, [outputName]);
            var tensor = outputs[0].AsTensor<float>();
            var dims = tensor.Dimensions;
            var result = new float[rows][];
            for (var r = 0; r < rows; r++)
            {
                float[] vector;
                if (dims.Length == 3)
                {
                    // Mean pooling over the real tokens only (padding excluded), as sentence-transformers does.
                    var hidden = dims[2];
                    vector = new float[hidden];
                    var count = 0;
                    for (var c = 0; c < dims[1]; c++)
                    {
                        if (c >= encoded[r].Length)
                        {
                            break;
                        }

                        count++;
                        for (var h = 0; h < hidden; h++)
                        {
                            vector[h] += tensor[r, c, h];
                        }
                    }

                    for (var h = 0; h < hidden; h++)
                    {
                        vector[h] /= Math.Max(1, count);
                    }
                }
                else
                {
                    vector = new float[dims[^1]];
                    for (var h = 0; h < vector.Length; h++)
                    {
                        vector[h] = tensor[r, h];
                    }
                }

                Normalize(vector);
                result[r] = vector;
            }

            Dimensions = result.Length > 0 ? result[0].Length : Dimensions;
            return result;
        }
    }

    internal static void Normalize(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(v => (double)v * v));
        if (norm > 1e-12)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = (float)(vector[i] / norm);
            }
        }
    }

    /// <summary>Cosine of two unit vectors (their dot product); 0 when the sizes differ.</summary>
    public static float Cosine(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            return 0;
        }

        var dot = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
        }

        return dot;
    }

    public void Dispose() => session.Dispose();
}
