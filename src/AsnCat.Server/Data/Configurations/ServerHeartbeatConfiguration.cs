using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AsnCat.Server.Data.Configurations;

internal sealed class ServerHeartbeatConfiguration : IEntityTypeConfiguration<ServerHeartbeat>
{
    public void Configure(EntityTypeBuilder<ServerHeartbeat> builder) =>
        builder.Property(h => h.Id).ValueGeneratedNever();
}
