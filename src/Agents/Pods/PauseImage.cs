using System.Buffers.Binary;
using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Berth.Agents.Runtime.Docker;

namespace Berth.Agents.Pods;

/// <summary>
/// The image of every pod's infra container (Kubernetes' <c>pause</c>), made by the agent itself
/// because no registry may be reachable: one static program, <c>/pause</c>, that waits for a
/// signal and exits 0 on SIGTERM or SIGINT. It is 209 bytes of x86-64 machine code in a minimal
/// ELF file, written below instruction by instruction, so it needs nothing from the machine
/// (Debian's <c>docker-init</c> is a static tini, but tini only supervises a program and exits
/// without one; a static busybox is not installed with <c>docker.io</c>). The tag is a hash of the
/// program, so a changed program is a new image.
/// </summary>
public sealed class PauseImage(DockerEngine engine)
{
    public const string Repository = "berth.local/pause";

    private const ulong LoadAddress = 0x400000;
    private const int HeadersSize = 64 + 56; // ELF header and one program header
    private const int HandlerOffset = 0x30;  // of the handler within the code below

    private static readonly byte[] Program = Build();

    /// <summary><c>berth.local/pause:&lt;hash of the program&gt;</c>.</summary>
    public static readonly string Tag = Convert.ToHexStringLower(SHA256.HashData(Program))[..12];

    public static string Image => $"{Repository}:{Tag}";

    private readonly SemaphoreSlim making = new(1, 1);
    private volatile bool present;

    /// <summary>Imports the image unless the engine has it (once at a time; later calls cost nothing once it is there).</summary>
    public async Task EnsureAsync(CancellationToken ct)
    {
        if (present)
        {
            return;
        }

        await making.WaitAsync(ct);
        try
        {
            if (!present && await engine.InspectImageAsync(Image, ct) is null)
            {
                if (RuntimeInformation.OSArchitecture != Architecture.X64)
                {
                    throw new DockerException(0, $"the pod infra image {Image} is only made for x86-64 nodes so far, not {RuntimeInformation.OSArchitecture}");
                }

                await engine.ImportImageAsync(Repository, Tag, Layer(), ["ENTRYPOINT [\"/pause\"]"], ct);
            }

            present = true;
        }
        finally
        {
            making.Release();
        }
    }

    /// <summary>Checks for the image again at the next <see cref="EnsureAsync"/> (the engine said it is gone).</summary>
    public void Forget() => present = false;

    /// <summary>The image's one layer: a tar holding <c>/pause</c> (mode 0755).</summary>
    private static byte[] Layer()
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "pause")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute,
                DataStream = new MemoryStream(Program),
            });
        }

        return tar.ToArray();
    }

    private static byte[] Build()
    {
        byte[] code =
        [
            0x48, 0x8d, 0x35, 0x32, 0x00, 0x00, 0x00, // lea rsi, [rip+0x32]   the sigaction below
            0x31, 0xd2,                               // xor edx, edx          no old action
            0x41, 0xba, 0x08, 0x00, 0x00, 0x00,       // mov r10d, 8           sigset size
            0xbf, 0x0f, 0x00, 0x00, 0x00,             // mov edi, 15           SIGTERM
            0xb8, 0x0d, 0x00, 0x00, 0x00,             // mov eax, 13           rt_sigaction
            0x0f, 0x05,                               // syscall
            0xbf, 0x02, 0x00, 0x00, 0x00,             // mov edi, 2            SIGINT
            0xb8, 0x0d, 0x00, 0x00, 0x00,             // mov eax, 13           rt_sigaction
            0x0f, 0x05,                               // syscall
            0xb8, 0x22, 0x00, 0x00, 0x00,             // wait: mov eax, 34     pause
            0x0f, 0x05,                               // syscall
            0xeb, 0xf7,                               // jmp wait
            0x31, 0xff,                               // handler (0x30): xor edi, edi
            0xb8, 0x3c, 0x00, 0x00, 0x00,             // mov eax, 60           exit(0)
            0x0f, 0x05,                               // syscall
        ];
        var handler = LoadAddress + HeadersSize + HandlerOffset;
        var size = HeadersSize + code.Length + 32;
        var elf = new byte[size];
        var span = elf.AsSpan();

        // ELF header: 64-bit, little-endian, executable, x86-64, entry at the code.
        byte[] ident = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1];
        ident.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[16..], 2);      // e_type EXEC
        BinaryPrimitives.WriteUInt16LittleEndian(span[18..], 0x3e);   // e_machine x86-64
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], 1);      // e_version
        BinaryPrimitives.WriteUInt64LittleEndian(span[24..], LoadAddress + HeadersSize); // e_entry
        BinaryPrimitives.WriteUInt64LittleEndian(span[32..], 64);     // e_phoff
        BinaryPrimitives.WriteUInt16LittleEndian(span[52..], 64);     // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[54..], 56);     // e_phentsize
        BinaryPrimitives.WriteUInt16LittleEndian(span[56..], 1);      // e_phnum

        // One loadable segment, read and execute, the whole file at the load address.
        var ph = span[64..];
        BinaryPrimitives.WriteUInt32LittleEndian(ph, 1);              // PT_LOAD
        BinaryPrimitives.WriteUInt32LittleEndian(ph[4..], 5);         // PF_R | PF_X
        BinaryPrimitives.WriteUInt64LittleEndian(ph[16..], LoadAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[24..], LoadAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[32..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[40..], (ulong)size);
        BinaryPrimitives.WriteUInt64LittleEndian(ph[48..], 0x1000);

        code.CopyTo(span[HeadersSize..]);

        // The kernel's struct sigaction: handler, flags (SA_RESTORER, which x86-64 requires; the
        // handler exits, so the restorer is never used), restorer, empty mask.
        var action = span[(HeadersSize + code.Length)..];
        BinaryPrimitives.WriteUInt64LittleEndian(action, handler);
        BinaryPrimitives.WriteUInt64LittleEndian(action[8..], 0x04000000);
        BinaryPrimitives.WriteUInt64LittleEndian(action[16..], handler);
        return elf;
    }
}
