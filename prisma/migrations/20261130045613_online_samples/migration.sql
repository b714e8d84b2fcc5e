-- CreateTable
CREATE TABLE "OnlineSample" (
    "at" TIMESTAMP(3) NOT NULL,
    "routerId" INTEGER NOT NULL,
    "online" INTEGER NOT NULL,

    CONSTRAINT "OnlineSample_pkey" PRIMARY KEY ("at","routerId")
);

-- AddForeignKey
ALTER TABLE "OnlineSample" ADD CONSTRAINT "OnlineSample_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "Router"("id") ON DELETE CASCADE ON UPDATE CASCADE;

