// The consumer's `mvn test` must have run the contract against its own adapter and the embedding test,
// not "0 tests".
def ran = { String test, int least ->
    def report = new File(basedir, "target/surefire-reports/TEST-${test}.xml")
    assert report.isFile() : "no report of ${test}: it did not run"
    def suite = new groovy.xml.XmlSlurper().parse(report)
    def tests = suite.@tests.toInteger()
    assert tests >= least : "${test} ran ${tests} tests"
    assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0
    println "consumer: ${test}, ${tests} tests run and passed"
}
ran('com.example.adapter.MyRoomStoreTest', 15)
ran('com.example.chat.EmbeddedOnSqliteTest', 1)
