namespace Berth.Api.Kubernetes.Protobuf;

/// <summary>Reads the protobuf wire format: a sequence of (field number, wire type, value).</summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> data = data;
    private int position;

    public bool End => position >= data.Length;

    /// <summary>The next field's number and wire type (0 varint, 1 64-bit, 2 length-delimited, 5 32-bit).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        return ((int)(tag >> 3), (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = Next();
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("protobuf varint is too long");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = checked((int)ReadVarint());
        if (length < 0 || position + length > data.Length)
        {
            throw new FormatException("protobuf field runs past the end of the message");
        }

        var bytes = data.Slice(position, length);
        position += length;
        return bytes;
    }

    /// <summary>Skips a field this reader has no use for.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                ReadBytes();
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new FormatException($"protobuf wire type {wireType} is not supported");
        }
    }

    private byte Next()
    {
        if (position >= data.Length)
        {
            throw new FormatException("protobuf message ends in the middle of a field");
        }

        return data[position++];
    }

    private void Advance(int count)
    {
        if (position + count > data.Length)
        {
            throw new FormatException("protobuf field runs past the end of the message");
        }

        position += count;
    }
}
