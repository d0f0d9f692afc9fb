# Sourced by seed-demo.sh (functions api/field, $SEED_CUSTOMER): two storage systems of the demo
# customer, with hosts and volumes imported the way an array export would arrive.

fs=$(api POST /api/storage/ "{\"customer\":$SEED_CUSTOMER,\"name\":\"FS9500-PROD\",\"storage_type\":\"FlashSystem\",\"vendor\":\"IBM\",\"model\":\"AH8\",\"machine_type\":\"4983\",\"serial_number\":\"78E01234\",\"wwnn\":\"50:05:07:68:10:00:a1:b2\",\"location\":\"DC1 Row 4\",\"primary_ip\":\"10.10.1.20\",\"capacity_bytes\":879609302220800,\"used_capacity_bytes\":316659348799488,\"available_capacity_bytes\":562949953421312,\"attributes\":{\"pools_count\":2,\"data_reduction_ratio\":2.4}}" | field id)
api POST /api/storage/ "{\"customer\":$SEED_CUSTOMER,\"name\":\"DS8950-DR\",\"storage_type\":\"DS8000\",\"vendor\":\"IBM\",\"model\":\"996\",\"machine_type\":\"5341\",\"serial_number\":\"75ABC10\",\"location\":\"DC2 Row 1\",\"capacity_bytes\":1759218604441600}" >/dev/null

api POST "/api/storage/$fs/import/" '{
  "hosts": [
    {"name": "esx-prod-01", "host_type": "VMware", "status": "online", "wwpns": ["10:00:00:90:fa:a1:00:01", "10:00:00:90:fa:a1:00:02"]},
    {"name": "esx-prod-02", "host_type": "VMware", "status": "online", "wwpns": ["10000090FAA10003", "10000090FAA10004"]},
    {"name": "aix-db-01", "host_type": "AIX", "status": "offline", "wwpns": ["c0-50-76-0a-bc-de-00-10"], "notes": "Decommission after the refresh"}
  ],
  "volumes": [
    {"name": "vmfs_prod_01", "volume_id": "0001", "unique_id": "FS9500-PROD_0001", "capacity_bytes": 2199023255552, "pool_name": "Pool0", "thin_provisioned": true},
    {"name": "vmfs_prod_02", "volume_id": "0002", "unique_id": "FS9500-PROD_0002", "capacity_bytes": 2199023255552, "pool_name": "Pool0", "thin_provisioned": true},
    {"name": "aix_db_data", "volume_id": "0003", "unique_id": "FS9500-PROD_0003", "capacity_bytes": 549755813888, "pool_name": "Pool1", "thin_provisioned": false}
  ]
}' >/dev/null
