using System.Text.Json.Nodes;
using Berth.Api.Bootstrap;
using Berth.Tests.Support;

namespace Berth.Api.Tests.Bootstrap;

/// <summary>The key file Secrets are encrypted with: made once and private, kept, refused when broken, and read again when it changes.</summary>
public sealed class EncryptionKeyFileTests
{
    [Fact]
    public async Task The_first_load_makes_one_private_key_and_later_loads_keep_it()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "nested", "keys.json");

        var made = await EncryptionKeyFile.LoadOrCreateAsync(path, TimeProvider.System, CancellationToken.None);
        var again = await EncryptionKeyFile.LoadOrCreateAsync(path, TimeProvider.System, CancellationToken.None);

        Assert.Matches("^k-[0-9a-f]{8}$", made.Primary.Id);
        Assert.Equal(32, made.Primary.Secret.Length);
        Assert.Equal(made.Primary.Id, again.Primary.Id);
        Assert.Equal(made.Primary.Secret, again.Primary.Secret);
        var file = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.Equal(made.Primary.Id, file["primary"]!.GetValue<string>());
        Assert.Single(file["keys"]!.AsArray());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public async Task Servers_starting_together_on_one_path_agree_on_one_key()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "keys.json");

        var loads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            EncryptionKeyFile.LoadOrCreateAsync(path, TimeProvider.System, CancellationToken.None))));

        Assert.Single(loads.Select(l => l.Primary.Id).Distinct());
        Assert.Equal(loads[0].Primary.Id, JsonNode.Parse(await File.ReadAllTextAsync(path))!["primary"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_rotation_or_a_copied_file_is_read_again_by_a_ring_already_loaded()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "keys.json");
        var running = await EncryptionKeyFile.LoadOrCreateAsync(path, TimeProvider.System, CancellationToken.None);
        var first = running.Primary;
        var rotator = await EncryptionKeyFile.LoadOrCreateAsync(path, TimeProvider.System, CancellationToken.None);

        var added = await rotator.RotateAsync(TimeProvider.System, CancellationToken.None);

        Assert.Equal(added.Id, running.Primary.Id);
        Assert.Equal(added.Secret, running.Find(added.Id)!.Secret);
        Assert.Equal(first.Secret, running.Find(first.Id)!.Secret); // old keys stay
        Assert.Null(running.Find("k-00000000"));

        // A half-written copy is ignored until it is whole again: the keys known keep working.
        await File.WriteAllTextAsync(path, "{\"primary\":");
        Assert.Equal(added.Id, running.Primary.Id);
    }

    [Fact]
    public async Task A_broken_file_stops_the_load_with_the_reason_and_no_key_material()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "keys.json");
        const string Material = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        var cases = new Dictionary<string, string>
        {
            ["not JSON"] = "nope",
            ["no \"keys\" list"] = "{\"primary\":\"a\"}",
            ["\"primary\" must name one of its keys"] = $$$"""{"primary":"b","keys":[{"id":"a","secret":"{{{Material}}}"}]}""",
            ["must be 32 bytes"] = """{"primary":"a","keys":[{"id":"a","secret":"AAEC"}]}""",
            ["an id of its own"] = $$$"""{"primary":"a","keys":[{"id":"a","secret":"{{{Material}}}"},{"id":"a","secret":"{{{Material}}}"}]}""",
        };

        foreach (var (reason, text) in cases)
        {
            await File.WriteAllTextAsync(path, text);
            var error = await Assert.ThrowsAsync<FormatException>(() => EncryptionKeyFile.LoadOrCreateAsync(path, TimeProvider.System, CancellationToken.None));
            Assert.StartsWith($"encryption key file {path} is invalid: ", error.Message);
            Assert.Contains(reason == "not JSON" ? "invalid" : reason, error.Message);
            Assert.DoesNotContain(Material, error.Message);
        }
    }
}
