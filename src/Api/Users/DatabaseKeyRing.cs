using System.Xml.Linq;
using Berth.Engine.Store;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Berth.Api.Users;

/// <summary>
/// Data Protection's key ring in the datastore (<c>data_protection_keys</c>, migration 0013), so
/// every replica signs and reads cookies with the same keys. It stands in for
/// Microsoft.AspNetCore.DataProtection.EntityFrameworkCore, which this registry does not serve,
/// and works on both drivers. The framework calls it rarely (at start and when a key is due), and
/// synchronously, as <see cref="IXmlRepository"/> is.
/// </summary>
internal sealed class DatabaseKeyRing(DatastoreConfig datastore, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(async () =>
    {
        await using var connection = await Connections.OpenAsync(datastore, CancellationToken.None);
        await using var command = SqlCommands.Create(connection, "SELECT xml FROM data_protection_keys ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<XElement>();
        while (await reader.ReadAsync())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }

        return (IReadOnlyCollection<XElement>)keys;
    }).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(async () =>
    {
        await using var connection = await Connections.OpenAsync(datastore, CancellationToken.None);
        await using var command = SqlCommands.Create(connection,
            "INSERT INTO data_protection_keys (id, xml, created_at) VALUES (@id, @xml, @created)",
            ("id", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)),
            ("created", SqlCommands.Timestamp(datastore.Kind, time.GetUtcNow())));
        await command.ExecuteNonQueryAsync();
    }).GetAwaiter().GetResult();
}
