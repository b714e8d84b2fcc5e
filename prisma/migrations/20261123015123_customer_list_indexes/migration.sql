-- DropIndex
DROP INDEX "Customer_status_idx";

-- DropIndex
DROP INDEX "Service_tariffId_idx";

-- DropIndex
DROP INDEX "Service_routerId_idx";

-- CreateIndex
CREATE INDEX "Customer_status_id_idx" ON "Customer"("status", "id");

-- CreateIndex
CREATE INDEX "Customer_name_id_idx" ON "Customer"("name", "id");

-- CreateIndex
CREATE INDEX "Customer_city_id_idx" ON "Customer"("city", "id");

-- CreateIndex
CREATE INDEX "Customer_balance_id_idx" ON "Customer"("balance", "id");

-- CreateIndex
CREATE INDEX "Customer_createdAt_id_idx" ON "Customer"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Service_tariffId_customerId_idx" ON "Service"("tariffId", "customerId");

-- CreateIndex
CREATE INDEX "Service_routerId_customerId_idx" ON "Service"("routerId", "customerId");

