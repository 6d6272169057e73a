using System.Text;

namespace OsakaDx.Search.Tests;

/// <summary>
/// Writes a tiny BERT-shaped sentence-embedding model as real ONNX protobuf, and its WordPiece vocab:
/// inputs input_ids and attention_mask ([batch, seq], int64, as a BERT export names them), output
/// last_hidden_state = Gather(embedding table, input_ids) × mask ([batch, seq, dim]). The product's
/// code then mean-pools and normalises, exactly as for a real export. Each vocab entry has a vector
/// the test chooses, so the expected similarities are known.
/// </summary>
internal static class TinyOnnxModel
{
    public static (string Model, string Vocab) Write(string folder, IReadOnlyList<(string Token, float[] Vector)> entries, bool withTokenTypes = false)
    {
        Directory.CreateDirectory(folder);
        var dim = entries[0].Vector.Length;
        var vocab = Path.Combine(folder, "vocab.txt");
        File.WriteAllLines(vocab, entries.Select(e => e.Token));
        var table = entries.SelectMany(e => e.Vector).ToArray();

        var graph = new Proto();
        graph.Message(1, Node("Gather", ["embeddings", "input_ids"], ["tokens"], a => a.Message(5, Attribute("axis", 0))));
        graph.Message(1, Node("Cast", ["attention_mask"], ["maskf"], a => a.Message(5, Attribute("to", 1))));
        graph.Message(1, Node("Unsqueeze", ["maskf"], ["mask3"], a => a.Message(5, Attributes("axes", [2]))));
        graph.Message(1, Node("Mul", ["tokens", "mask3"], ["last_hidden_state"], null));
        graph.String(2, "tiny_bert");
        var tensor = new Proto();
        tensor.Int64(1, entries.Count);
        tensor.Int64(1, dim);
        tensor.Int64(2, 1); // FLOAT
        tensor.String(8, "embeddings");
        var raw = new byte[table.Length * 4];
        Buffer.BlockCopy(table, 0, raw, 0, raw.Length);
        tensor.Bytes(9, raw);
        graph.Message(5, tensor);
        graph.Message(11, ValueInfo("input_ids", 7, ["batch", "seq"]));
        graph.Message(11, ValueInfo("attention_mask", 7, ["batch", "seq"]));
        if (withTokenTypes)
        {
            graph.Message(11, ValueInfo("token_type_ids", 7, ["batch", "seq"]));
        }

        graph.Message(12, ValueInfo("last_hidden_state", 1, ["batch", "seq", dim.ToString(System.Globalization.CultureInfo.InvariantCulture)]));

        var model = new Proto();
        model.Int64(1, 6); // ir_version
        model.String(2, "osakadx-tests");
        model.Message(7, graph);
        var opset = new Proto();
        opset.String(1, "");
        opset.Int64(2, 11);
        model.Message(8, opset);
        var path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, model.ToArray());
        return (path, vocab);
    }

    private static Proto Node(string op, string[] inputs, string[] outputs, Action<Proto>? attributes)
    {
        var node = new Proto();
        foreach (var i in inputs)
        {
            node.String(1, i);
        }

        foreach (var o in outputs)
        {
            node.String(2, o);
        }

        node.String(3, op + "_" + outputs[0]);
        node.String(4, op);
        attributes?.Invoke(node);
        return node;
    }

    private static Proto Attribute(string name, long value)
    {
        var a = new Proto();
        a.String(1, name);
        a.Int64(3, value);
        a.Int64(20, 2); // INT
        return a;
    }

    private static Proto Attributes(string name, long[] values)
    {
        var a = new Proto();
        a.String(1, name);
        foreach (var v in values)
        {
            a.Int64(8, v);
        }

        a.Int64(20, 7); // INTS
        return a;
    }

    /// <summary>ValueInfoProto: name, TypeProto.tensor_type { elem_type, shape { dim { dim_param | dim_value } } }.</summary>
    private static Proto ValueInfo(string name, long elementType, string[] dims)
    {
        var shape = new Proto();
        foreach (var d in dims)
        {
            var dim = new Proto();
            if (long.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                dim.Int64(1, value);
            }
            else
            {
                dim.String(2, d);
            }

            shape.Message(1, dim);
        }

        var tensorType = new Proto();
        tensorType.Int64(1, elementType);
        tensorType.Message(2, shape);
        var type = new Proto();
        type.Message(1, tensorType);
        var info = new Proto();
        info.String(1, name);
        info.Message(2, type);
        return info;
    }

    /// <summary>Just enough protobuf: varints and length-delimited fields.</summary>
    private sealed class Proto
    {
        private readonly MemoryStream stream = new();

        public void Int64(int field, long value)
        {
            Varint(((ulong)field << 3) | 0);
            Varint((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Message(int field, Proto message) => Bytes(field, message.ToArray());

        public void Bytes(int field, byte[] value)
        {
            Varint(((ulong)field << 3) | 2);
            Varint((ulong)value.Length);
            stream.Write(value);
        }

        public byte[] ToArray() => stream.ToArray();

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }

            stream.WriteByte((byte)value);
        }
    }
}
