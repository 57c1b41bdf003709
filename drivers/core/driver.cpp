#include "driver.h"

namespace nephele::drivers {

QFuture<Result<qsizetype>> Driver::listMachinePages(PageHandler onPage)
{
    return listMachines().then(this, [onPage = std::move(onPage)](Result<QList<Machine>> listing) -> Result<qsizetype> {
        if (!listing)
            return nephele::Unexpected(std::move(listing).error());
        const qsizetype count = listing->size();
        onPage(std::move(*listing));
        return count;
    });
}

QFuture<Result<QList<ResourceUsage>>> Driver::fetchUsage()
{
    return QtFuture::makeReadyFuture(Result<QList<ResourceUsage>>(nephele::Unexpected(
        Error{ErrorKind::Unsupported, tr("This provider does not report usage."), {}, {}, endpoint().accountName, 0})));
}

} // namespace nephele::drivers
